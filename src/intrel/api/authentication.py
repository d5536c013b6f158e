from rest_framework.authentication import TokenAuthentication


class BearerTokenAuthentication(TokenAuthentication):
    """``Authorization: Bearer <token>``; a token is made with ``intrel api_token USER``."""

    keyword = "Bearer"
