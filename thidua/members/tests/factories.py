import datetime
import random

import factory

from thidua.members.choices import Gender
from thidua.members.models import Member
from thidua.members.names import vietnamese_name
from thidua.members.services import member_create


class MemberFactory(factory.Factory):
    class Meta:
        model = Member

    code = factory.Sequence(lambda n: f"DV{n:07d}")
    gender = factory.Iterator([Gender.MALE, Gender.FEMALE])
    full_name = factory.LazyAttributeSequence(lambda o, n: vietnamese_name(o.gender, random.Random(n)))
    date_of_birth = datetime.date(1985, 5, 17)
    union_joined_on = datetime.date(2010, 3, 1)
    job_title = "Chuyên viên"
    unit = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return member_create(**kwargs)
