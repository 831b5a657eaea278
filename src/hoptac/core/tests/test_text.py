"""fold() and sort_key(): properties over arbitrary text, and the Vietnamese dictionary order spelled out."""

import random
import unicodedata

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from hoptac.core.text import contains_all_words, fold, sort_key

# Vietnamese letters with every tone, upper and lower case, as people type them (NFC) — plus spaces and the
# punctuation met in names ("Bà Rịa - Vũng Tàu", "TP.HCM", "Văn Miếu – Quốc Tử Giám").
_BASES = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_TONE_MARKS = ["", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"]
_VOWELS = set("aăâeêioôơuưy")
VIETNAMESE_LETTERS = sorted(
    {
        unicodedata.normalize("NFC", base + tone)
        for base in _BASES
        for tone in (_TONE_MARKS if base in _VOWELS else [""])
    }
    | {
        unicodedata.normalize("NFC", base + tone).upper()
        for base in _BASES
        for tone in (_TONE_MARKS if base in _VOWELS else [""])
    }
)
vietnamese_text = st.text(
    alphabet=st.sampled_from([*VIETNAMESE_LETTERS, " ", " ", "-", ".", ",", "–", "0", "9"])
)
vietnamese_word = st.text(
    alphabet=st.sampled_from([c for c in VIETNAMESE_LETTERS if c.islower()]), min_size=1
)
any_text = st.text()


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# --- fold ---------------------------------------------------------------------------------------------


@given(st.one_of(vietnamese_text, any_text))
@example("a \u0301 b")  # a lone combining mark between spaces once left a double space behind
def test_fold_is_idempotent(text):
    assert fold(fold(text)) == fold(text)


@given(st.one_of(vietnamese_text, any_text))
def test_fold_ignores_normalisation_form(text):
    assert fold(nfd(text)) == fold(nfc(text)) == fold(text)


@given(vietnamese_text)
def test_fold_of_vietnamese_is_plain_lower_case_ascii_words(text):
    folded = fold(text)
    assert folded == folded.strip()
    assert "  " not in folded
    assert all(ch == " " or (ch.isascii() and (ch.islower() or ch.isdigit())) for ch in folded)


@given(vietnamese_text)
def test_fold_ignores_case(text):
    assert fold(text.upper()) == fold(text.lower()) == fold(text)


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Đắk Lắk", "dak lak"),
        ("ĐẮK LẮK", "dak lak"),
        ("  Hợp tác xã  Đắk-Lắk ", "hop tac xa dak lak"),
        ("TP.HCM", "tp hcm"),
        ("Bà Rịa - Vũng Tàu", "ba ria vung tau"),
        ("Thừa Thiên–Huế", "thua thien hue"),
        ("Nguyễn Thị Ưng", "nguyen thi ung"),
        ("", ""),
        (None, ""),
    ],
)
def test_fold_examples(text, folded):
    assert fold(text) == folded


def test_fold_unifies_old_and_new_tone_placement():
    assert fold("hoà") == fold("hòa") == "hoa"
    assert fold("thuỷ") == fold("thủy") == "thuy"


def test_contains_all_words():
    assert contains_all_words(fold("Xã Tân Lập"), "tan LẬP")
    assert not contains_all_words(fold("Xã Tân Lập"), "tan phu")


# --- sort_key -----------------------------------------------------------------------------------------


@given(st.one_of(vietnamese_text, any_text))
def test_sort_key_ignores_normalisation_form(text):
    assert sort_key(nfd(text)) == sort_key(nfc(text)) == sort_key(text)


@given(vietnamese_word, vietnamese_word)
def test_a_word_sorts_before_longer_names_starting_with_it(first, second):
    # "An" < "An Giang": the shorter name first, whatever the next word.
    assert sort_key(first) < sort_key(f"{first} {second}")


@given(vietnamese_word, vietnamese_word, st.sampled_from(list(_BASES)))
def test_word_boundary_sorts_before_any_letter(first, second, letter):
    # "An Giang" < "Anh": the name ends its first word earlier, so it comes first.
    assert sort_key(f"{first} {second}") < sort_key(first + letter)


@given(vietnamese_text)
def test_sort_key_equal_text_differing_only_in_tone_placement(text):
    old_style = text.replace("òa", "oà").replace("ủy", "uỷ").replace("óa", "oá").replace("ọa", "oạ")
    assert sort_key(old_style) == sort_key(text)


def test_old_and_new_tone_placement_give_equal_keys():
    assert sort_key("hoà") == sort_key("hòa")
    assert sort_key("thuỷ") == sort_key("thủy")
    assert sort_key("Khánh Hoà") == sort_key("Khánh Hòa")


def _shuffled_then_sorted(words: list[str]) -> list[str]:
    shuffled = list(words)
    random.Random(2025).shuffle(shuffled)
    return sorted(shuffled, key=sort_key)


def test_alphabet_order():
    alphabet = "a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y".split()
    assert _shuffled_then_sorted(alphabet) == alphabet


def test_tones_come_after_the_base_letter_in_dictionary_order():
    tones = ["a", "à", "ả", "ã", "á", "ạ"]
    assert _shuffled_then_sorted(tones) == tones
    # Letters decide before tones: every "a" with a tone precedes "ă".
    assert _shuffled_then_sorted(["ă", "ạ", "á", "â", "b"]) == ["á", "ạ", "ă", "â", "b"]


def test_shorter_name_then_word_boundary_then_longer_word():
    names = ["An", "An Giang", "Anh"]
    assert _shuffled_then_sorted(names) == names


def test_lower_case_before_upper_case():
    assert sort_key("an") < sort_key("An") < sort_key("AN")
    # Case only breaks ties: "An" still precedes "ăn".
    assert sort_key("An") < sort_key("ăn")


@pytest.mark.parametrize(
    "ordered",
    [
        ["Cà Mau", "Cao Bằng", "Cần Thơ", "Đà Nẵng", "Đắk Lắk", "Điện Biên", "Đồng Nai", "Gia Lai"],
        ["Hà Nội", "Hà Tĩnh", "Hải Phòng", "Hồ Chí Minh", "Huế", "Hưng Yên"],
        ["Lai Châu", "Lạng Sơn", "Lào Cai", "Lâm Đồng"],
        ["Quảng Ngãi", "Quảng Ninh", "Quảng Trị"],
        ["Thái Nguyên", "Thanh Hóa", "Tuyên Quang"],
    ],
)
def test_province_names_in_dictionary_order(ordered):
    assert _shuffled_then_sorted(ordered) == ordered


def test_missing_text_has_a_key():
    assert sort_key(None) == sort_key("")
    assert sort_key("") < sort_key("a")
