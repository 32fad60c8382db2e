"""Numbers in words, as the pages write them."""


def ordinal(number: int) -> str:
    """57 -> "57th", 22 -> "22nd", 11 -> "11th"."""
    if 10 <= number % 100 <= 20:
        return f"{number}th"
    return f"{number}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(number % 10, 'th') }"
