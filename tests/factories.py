"""factory_boy factories; a SubFactory keeps related rows in one agency."""

import datetime as dt
import itertools
import random

import factory
from django_scopes import scopes_disabled

from kompeten.accounts.models import Membership, User
from kompeten.agencies.models import Agency, Unit
from kompeten.employees.fakes import make_nip
from kompeten.employees.models import Employee, Position, PositionKind

_serials = itertools.count(1)


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"Pemerintah Kota Uji {n}")
    slug = factory.Sequence(lambda n: f"kota-uji-{n}")
    kind = Agency.Kind.KOTA


class UnitFactory(factory.django.DjangoModelFactory):
    """Creates a root unit, or a child when `parent` is given (treebeard needs add_*)."""

    class Meta:
        model = Unit

    agency = factory.SubFactory(AgencyFactory)
    code = factory.Sequence(lambda n: f"U{n:04d}")
    name = factory.Sequence(lambda n: f"Dinas Uji {n}")

    @classmethod
    def _create(cls, model_class, *args, parent=None, **kwargs):
        if parent is not None:
            kwargs["agency"] = parent.agency
        with scopes_disabled():
            node = model_class(**kwargs)
            return (
                parent.add_child(instance=node) if parent else model_class.add_root(instance=node)
            )


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    unit = factory.SubFactory(UnitFactory)
    agency = factory.LazyAttribute(lambda o: o.unit.agency)
    name = factory.Sequence(lambda n: f"Analis Uji {n}")
    kind = PositionKind.PELAKSANA


def _identity(o):
    return make_nip(
        birth_date=o.birth_date,
        sex=o.sex,
        employment_type=o.employment_type,
        serial=next(_serials) % 999 + 1,
        appointed=dt.date(o.birth_date.year + 25, 1 + next(_serials) % 12, 1),
    )


class EmployeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employee

    unit = factory.SubFactory(UnitFactory)
    agency = factory.LazyAttribute(lambda o: o.unit.agency)
    name = factory.Faker("name", locale="id_ID")
    sex = factory.LazyFunction(lambda: random.choice("LP"))
    birth_date = factory.LazyFunction(
        lambda: dt.date(1970, 1, 1) + dt.timedelta(days=random.randrange(0, 365 * 30))
    )
    employment_type = "PNS"
    golongan = factory.LazyAttribute(lambda o: "III/a" if o.employment_type == "PNS" else "IX")
    nip = factory.LazyAttribute(_identity)
    position = None


def membership(user, agency, role, *, unit=None, employee=None) -> Membership:
    with scopes_disabled():
        return Membership.objects.create(
            user=user, agency=agency, role=role, unit=unit, employee=employee
        )


def make_user(username: str, password: str = "rahasia-uji-123") -> User:
    return User.objects.create_user(username=username, password=password)
