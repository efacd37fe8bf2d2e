"""Development records, their verification and import, and the 20 JP compliance."""

urlpatterns = []
