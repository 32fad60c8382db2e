"""The checks themselves fail when they should: a 404 stylesheet, a CSP violation, an axe error."""

import pytest

from tests.browser.conftest import (
    assert_accessible,
    assert_no_console_errors,
    assert_static_ok,
    assert_styled,
)


def test_missing_stylesheet_is_caught(empty_site, page, page_log):
    page.route("**/css/app.css", lambda route: route.fulfill(status=404, body="gone"))
    empty_site.visit(page, "/")
    with pytest.raises(AssertionError, match=r"404 .*/static/css/app\.css"):
        assert_static_ok(page_log)
    with pytest.raises(AssertionError, match="unstyled"):
        assert_styled(page)


def test_csp_violation_and_axe_violation_are_caught(empty_site, page, page_log):
    empty_site.visit(page, "/")
    page.evaluate(
        """() => {
        const script = document.createElement('script');
        script.textContent = 'window.injected = true';
        document.body.append(script);
        const image = document.createElement('img');
        image.src = '/static/nhsuk/assets/images/favicon.svg';
        document.querySelector('main').append(image);
    }"""
    )
    with pytest.raises(AssertionError, match="Content Security Policy"):
        assert_no_console_errors(page_log)
    with pytest.raises(AssertionError, match=r"image-alt \(critical\).*\n +img: <img"):
        assert_accessible(page)
