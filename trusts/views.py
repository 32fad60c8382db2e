from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from trusts.selectors import trusts_by_league


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "trusts/home.html", {"leagues": trusts_by_league()})
