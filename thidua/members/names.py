"""Plausible Vietnamese names for demo and generated data."""

import random

from thidua.members.choices import Gender

FAMILY_NAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
MIDDLE_MALE = ["Văn", "Hữu", "Đức", "Thanh", "Minh", "Quốc", "Ngọc", "Trung"]
MIDDLE_FEMALE = ["Thị", "Thu", "Ngọc", "Thanh", "Kim", "Thị Hoa", "Mỹ"]
GIVEN_MALE = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Hiếu",
    "Hùng",
    "Khoa",
    "Long",
    "Nam",
    "Phúc",
    "Quang",
    "Sơn",
    "Thái",
    "Việt",
]
GIVEN_FEMALE = ["Anh", "Chi", "Dung", "Hà", "Hạnh", "Hiền", "Hoa", "Hương", "Lan", "Linh", "Lý", "Mai", "Oanh", "Yến"]


def vietnamese_name(gender: str, rng: random.Random) -> str:
    if gender == Gender.FEMALE:
        return f"{rng.choice(FAMILY_NAMES)} {rng.choice(MIDDLE_FEMALE)} {rng.choice(GIVEN_FEMALE)}"
    return f"{rng.choice(FAMILY_NAMES)} {rng.choice(MIDDLE_MALE)} {rng.choice(GIVEN_MALE)}"
