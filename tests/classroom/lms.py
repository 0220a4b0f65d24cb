"""A stand-in LMS on 127.0.0.1 for LTI 1.3 launches: it holds an RSA key pair, serves its public key as a JWKS,
and answers the hub's OpenID Connect authorisation request with a signed id_token posted back by the browser,
as Canvas or Moodle would. Only the parts a launch uses; nothing leaves this machine.

A launch starts at `launch_url(name, how)`: "ok" signs with the LMS's key, "wrong-key" with another key under
the same key id (a forged launch), "expired" with a token that expired a minute ago.
"""

from __future__ import annotations

import html
import json
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlparse

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

CLIENT_ID = "course-hub-client"
DEPLOYMENT_ID = "deployment-1"
KEY_ID = "lms-key-1"
INSTRUCTOR_ROLE = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"
LEARNER_ROLE = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"


@dataclass(frozen=True)
class Person:
    """Someone enrolled in the LMS course."""

    email: str
    name: str
    role: str = LEARNER_ROLE


def new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@dataclass
class FakeLMS:
    """The LMS: start() serves it on a free port of 127.0.0.1; hub_url is where the course hub is."""

    hub_url: str
    people: dict[str, Person]
    key: rsa.RSAPrivateKey = field(default_factory=new_key)
    forged_key: rsa.RSAPrivateKey = field(default_factory=new_key)
    server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    @property
    def issuer(self) -> str:
        return self.url

    def platform(self) -> dict[str, str]:
        """What the hub is told about this LMS (widgets/classroom/hub.py LTI settings)."""
        return {"issuer": self.issuer, "client_id": CLIENT_ID, "authorize_url": f"{self.url}/auth",
                "jwks_url": f"{self.url}/jwks"}

    def launch_url(self, login: str, how: str = "ok") -> str:
        return f"{self.url}/launch?" + urlencode({"login": login, "how": how})

    def jwks(self) -> dict:
        public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        return {"keys": [{**public, "kid": KEY_ID, "alg": "RS256", "use": "sig"}]}

    def id_token(self, login: str, how: str, nonce: str) -> str:
        person = self.people[login]
        now = int(time.time())
        issued, expires = (now - 700, now - 60) if how == "expired" else (now, now + 300)
        claims = {
            "iss": self.issuer, "aud": CLIENT_ID, "sub": login, "iat": issued, "exp": expires, "nonce": nonce,
            "email": person.email, "name": person.name,
            "https://purl.imsglobal.org/spec/lti/claim/message_type": "LtiResourceLinkRequest",
            "https://purl.imsglobal.org/spec/lti/claim/version": "1.3.0",
            "https://purl.imsglobal.org/spec/lti/claim/deployment_id": DEPLOYMENT_ID,
            "https://purl.imsglobal.org/spec/lti/claim/target_link_uri": f"{self.hub_url}/hub/spawn",
            "https://purl.imsglobal.org/spec/lti/claim/resource_link": {"id": "trauma-bonds-course"},
            "https://purl.imsglobal.org/spec/lti/claim/roles": [person.role],
            "https://purl.imsglobal.org/spec/lti/claim/context": {"id": "c1", "label": "COUN 510",
                                                                 "title": "Trauma-informed counseling"},
        }
        key = self.forged_key if how == "wrong-key" else self.key
        return jwt.encode(claims, key, algorithm="RS256", headers={"kid": KEY_ID})

    def start(self) -> FakeLMS:
        lms = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # quiet
                return None

            def send(self, status: int, body: str, kind: str = "text/html", location: str | None = None) -> None:
                data = body.encode()
                self.send_response(status)
                self.send_header("Content-Type", f"{kind}; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                if location:
                    self.send_header("Location", location)
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                url = urlparse(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                if url.path == "/jwks":
                    self.send(200, json.dumps(lms.jwks()), "application/json")
                elif url.path == "/launch":  # the learner clicks the course link in the LMS
                    hint = f"{query['login']}|{query.get('how', 'ok')}"
                    start = {"iss": lms.issuer, "login_hint": hint, "target_link_uri": f"{lms.hub_url}/hub/spawn",
                             "client_id": CLIENT_ID, "lti_deployment_id": DEPLOYMENT_ID,
                             "lti_message_hint": uuid.uuid4().hex}
                    self.send(302, "", location=f"{lms.hub_url}/hub/lti13/oauth_login?{urlencode(start)}")
                elif url.path == "/auth":  # the hub asks the LMS to authenticate the learner
                    login, how = query["login_hint"].split("|")
                    if query.get("client_id") != CLIENT_ID or not query.get("redirect_uri", "").startswith(
                            lms.hub_url):
                        self.send(400, "unknown tool")
                        return
                    token = lms.id_token(login, how, query["nonce"])
                    fields = "".join(f'<input type="hidden" name="{k}" value="{html.escape(v)}">'
                                     for k, v in (("id_token", token), ("state", query["state"])))
                    self.send(200, f'<!DOCTYPE html><html lang="en"><title>LMS</title><body>'
                                   f'<form method="post" action="{html.escape(query["redirect_uri"])}">{fields}'
                                   '</form><script>document.forms[0].submit()</script></body></html>')
                else:
                    self.send(404, "not here")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server:
            self.server.shutdown()
            self.server.server_close()
