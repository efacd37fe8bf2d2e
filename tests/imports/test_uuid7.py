import uuid

from kompeten.core.imports.sql import uuid7_hex


def test_keys_are_version_7_unique_and_increasing():
    keys = uuid7_hex(5000)
    parsed = [uuid.UUID(k) for k in keys]
    assert {u.version for u in parsed} == {7}
    assert {u.variant for u in parsed} == {uuid.RFC_4122}
    assert keys == sorted(keys) and len(set(keys)) == 5000


def test_two_batches_do_not_collide():
    assert not set(uuid7_hex(1000)) & set(uuid7_hex(1000))
