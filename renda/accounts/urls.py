from django.urls import path

from renda.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password/", views.password_change, name="password_change"),
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("2fa/", views.twofa, name="twofa"),
    path("2fa/verify/", views.twofa_verify, name="twofa_verify"),
    path("2fa/enrol/", views.twofa_enrol, name="twofa_enrol"),
    path("2fa/enrol/qr.svg", views.twofa_qr, name="twofa_qr"),
    path("security/", views.signin_security, name="signin_security"),
    path("security/unlock/", views.lockout_clear, name="lockout_clear"),
    path("security/twofa-reset/", views.twofa_reset, name="twofa_reset"),
]
