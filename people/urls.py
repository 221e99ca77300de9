"""The learner's account page and the download of their personal data, which every host serves
(``courses.urls`` includes them under ``accounts/``). The sign-in views are ``people.account_urls``,
an include of their own that a host with its own login leaves out."""

from django.urls import path

from .views import account, personal_data_download

app_name = "people"

urlpatterns = [
    path("", account, name="account"),
    path("my-data/", personal_data_download, name="personal_data"),
]
