"""Drives this service with the real, unmodified `akismet` client (PyPI).

The library hard-codes https://rest.akismet.com; the documented way to use
another server is to give it an httpx client, here one whose transport sends
every request to MODERATOR_URL instead. Nothing in the library is patched.

Run by tests/api/akismet.rs; prints ALL CHECKS PASSED on success.
"""

import os
import sys

import akismet
import httpx

BASE = httpx.URL(os.environ["MODERATOR_URL"])
KEY = os.environ["MODERATOR_API_KEY"]
BLOG = "https://news.example/"


class ToModerator(httpx.BaseTransport):
    """Sends every request to the service under test."""

    def __init__(self):
        self.inner = httpx.HTTPTransport()

    def handle_request(self, request):
        request.url = request.url.copy_with(scheme=BASE.scheme, host=BASE.host, port=BASE.port)
        request.headers["Host"] = BASE.netloc.decode()
        return self.inner.handle_request(request)


def http_client():
    return httpx.Client(transport=ToModerator(), headers={"User-Agent": akismet.USER_AGENT}, timeout=5.0)


def main():
    # A wrong key is refused at construction, as with Akismet itself.
    try:
        akismet.SyncClient.validated_client(config=akismet.Config(key="wrong-key-000", url=BLOG), http_client=http_client())
    except akismet.APIKeyError:
        print("wrong key refused")
    else:
        sys.exit("a wrong key was accepted")

    with akismet.SyncClient.validated_client(config=akismet.Config(key=KEY, url=BLOG), http_client=http_client()) as client:
        assert client.verify_key(KEY, BLOG) is True
        assert client.verify_key("wrong-key-000", BLOG) is False

        ham = client.comment_check(
            user_ip="203.0.113.10",
            comment_type="comment",
            comment_author="Jan",
            comment_content="The summit shows how isolated both governments have become.",
        )
        assert ham == akismet.CheckResponse.HAM, ham
        print("ham:", ham)

        spam = client.comment_check(
            user_ip="203.0.113.11",
            comment_author="Cheap Pills",
            comment_author_url="http://pills.example.ru",
            comment_content="Buy cheap viagra online without prescription http://pills.example.ru best price cialis no rx",
        )
        assert spam == akismet.CheckResponse.DISCARD, spam
        print("spam:", spam)

        guaranteed = client.comment_check(user_ip="203.0.113.12", comment_author="akismet-guaranteed-spam", comment_content="x")
        assert guaranteed in (akismet.CheckResponse.SPAM, akismet.CheckResponse.DISCARD), guaranteed

        test_call = client.comment_check(user_ip="203.0.113.13", comment_content="testing the integration", is_test=True)
        assert test_call == akismet.CheckResponse.HAM, test_call

        assert client.submit_spam(user_ip="203.0.113.11", comment_content="Buy cheap viagra online") is True
        assert client.submit_ham(user_ip="203.0.113.10", comment_content="A civil remark.") is True

        usage = client.usage_limit()
        assert usage["usage"] >= 3 and usage["throttled"] is False, usage
        print("usage:", usage)
    print("ALL CHECKS PASSED")


if __name__ == "__main__":
    main()
