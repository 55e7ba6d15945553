from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialLogin
from django.http import HttpRequest


class InviteOnlyAccountAdapter(DefaultAccountAdapter):
    """People join by invitation from a coordinator or partnership admin; there is no public sign-up."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        return "/"


class InvitedOnlySocialAccountAdapter(DefaultSocialAccountAdapter):
    """Sign-in with an organisation's identity provider (OpenID Connect): only for someone already invited, matched
    by an e-mail address the provider has verified (allauth's e-mail authentication, which looks only at verified
    addresses, and only active logins: a deactivated or erased person cannot sign in); no account is ever created
    through a provider. Two-step verification still follows."""

    def is_open_for_signup(self, request: HttpRequest, sociallogin: SocialLogin) -> bool:
        return False


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str:
    """The login name axes counts failures against: allauth passes it as `email`; forms post it as `login`."""
    value = ""
    if credentials:
        value = credentials.get("email") or credentials.get("login") or credentials.get("username") or ""
    if not value and request is not None:
        value = getattr(request, "POST", {}).get("login", "")
    return str(value).strip().lower()
