from hypothesis import given
from hypothesis import strategies as st

from thidua.core.text import SORT_KEY_LENGTH, fold, name_parts, name_sort_key


def test_it_folds_accents_and_case():
    assert fold("Nguyễn  Văn An") == "nguyen van an"
    assert fold("ĐẶNG Thị Đào") == "dang thi dao"


def test_it_splits_family_middle_and_given_names():
    assert name_parts("Trần Thị Hoa Lý") == ("Trần", "Thị Hoa", "Lý")
    assert name_parts("An") == ("", "", "An")


def test_it_sorts_by_given_name_first():
    names = ["Trần Thị Hoa Lý", "Nguyễn Văn An", "Lê Ngọc Việt", "Hoàng Thanh Hiến"]
    assert sorted(names, key=name_sort_key) == [
        "Nguyễn Văn An",
        "Hoàng Thanh Hiến",
        "Trần Thị Hoa Lý",
        "Lê Ngọc Việt",
    ]


def test_it_then_sorts_by_family_name():
    assert sorted(["Trần Văn An", "Lê Văn An"], key=name_sort_key) == ["Lê Văn An", "Trần Văn An"]


def test_it_follows_the_vietnamese_alphabet():
    # a < ă < â < b; d < đ < e; o < ô < ơ; u < ư < v
    given_names = ["Bình", "Ân", "Ăn", "An", "Đức", "Dũng", "Ơn", "Ôn", "Oanh", "Ưng", "Uyên", "Vân"]
    ordered = sorted((f"Lê {g}" for g in given_names), key=name_sort_key)
    assert [n.split()[1] for n in ordered] == [
        "An", "Ăn", "Ân", "Bình", "Dũng", "Đức", "Oanh", "Ôn", "Ơn", "Uyên", "Ưng", "Vân",
    ]  # fmt: skip


def test_it_puts_a_shorter_given_name_first():
    assert sorted(["Lê Anh", "Lê An"], key=name_sort_key) == ["Lê An", "Lê Anh"]


def test_tones_only_break_ties():
    assert sorted(["Lê Mã", "Lê Ma", "Lê Mạ", "Lê Mà", "Lê Man"], key=name_sort_key) == [
        "Lê Ma", "Lê Mà", "Lê Mã", "Lê Mạ", "Lê Man",
    ]  # fmt: skip


@given(st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạ ", min_size=1, max_size=60))
def test_the_key_is_fixed_length_plain_ascii(name):
    key = name_sort_key(name)
    assert len(key) == SORT_KEY_LENGTH
    assert key.isascii()
    assert key.isalnum()
