"""The sign-in form says what goes in its secret's field: the password or the API token,
as chosen above it (it said "Password / token" for both)."""

from __future__ import annotations

from desktop.account.sign_in import SignInDialog


def test_the_secret_is_named_after_the_method_chosen(dialog: SignInDialog) -> None:
    dialog.auth.setCurrentIndex(dialog.auth.findData("password"))
    assert dialog.secret_label.text().replace("&", "") == "Password:"
    assert dialog.secret.accessibleName() == "Password"
    dialog.auth.setCurrentIndex(dialog.auth.findData("token"))
    assert dialog.secret_label.text().replace("&", "") == "API token:"
    assert dialog.secret.accessibleName() == "API token"
    assert dialog.secret_label.buddy() is dialog.secret  # its Alt key goes to the field
