from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm


class LoginForm(AuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")


class ChangePasswordForm(PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")

    def save(self, commit=True):  # the service writes (and audits) the change
        return self.user


class TokenForm(forms.Form):
    """A new API token's purpose; the service checks it (required, length) and says what is wrong."""

    name = forms.CharField(required=False, strip=False)


class TwoFactorTokenForm(forms.Form):
    """A six-digit code from the authenticator, or one recovery code."""

    token = forms.CharField(max_length=16, strip=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["token"].widget.attrs.update(
            {"class": "form-control", "autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        )


class UsernameForm(forms.Form):
    username = forms.CharField(max_length=150, strip=True)
