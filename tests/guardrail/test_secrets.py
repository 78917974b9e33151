"""Credentials and secrets: provider keys, private keys, JWTs, passwords, PINs, connection
strings, tokens; and the texts that must not be flagged."""

from __future__ import annotations

import pytest

from tests.guardrail.conftest import check

CASES = [
    # OpenAI project key in a sentence
    ("key: sk-proj-Qm8vT2xLr4NcWp7Ja9HbZs3Ke6Fd1Yg0", "secrets.openai_key", "sk-proj-Qm8v"),
    # classic OpenAI key in an export line
    ("export OPENAI_API_KEY=sk-4f9Kd82LmQpZx7TnVb3Rw1Ys6Hc0Je5Ua2Gi8Ko", "secrets.openai_key",
     None),
    # Anthropic key
    ("use sk-ant-api03-Xy7Lq2Vm9Rt4Wn8Kp3Bc6Zd1Hf5Js0Ga-AbCd", "secrets.anthropic_key", None),
    # AWS access key id (AKIA)
    ("creds AKIA2E0A8F3B244C9986 here", "secrets.aws_access_key", "AKIA2E0A8F3B244C9986"),
    # AWS temporary key id (ASIA)
    ("aws_access_key_id = ASIAY34FZKBOKMUTVV7A", "secrets.aws_access_key", None),
    # AWS documented example key without sample context is still flagged
    ("the key is AKIAIOSFODNN7EXAMPLE", "secrets.aws_access_key", None),
    # GitHub classic token
    ("ghp_8fJ2kLm9QxWv4TzR7nBp1Yc5Hd3Se6Ga0Ku2 leaked", "secrets.github_token", None),
    # GitHub fine-grained token
    ("github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzAB", "secrets.github_token", None),
    # GitLab personal token
    ("glpat-Xk29fLq8Wm3Pz7Rt1Vn4 works", "secrets.gitlab_token", None),
    # Stripe live secret key
    ("sk_live_51HxQ2cLkA9mNvB3tR7pWz0YjE4uF6gS8dK", "secrets.stripe_key", None),
    # Stripe test key is still a credential
    ("STRIPE=sk_test_51MzQ8cLkA9mNvB3tR7pWz0YjE4uF6gS", "secrets.stripe_key", None),
    # Slack bot token
    ("xoxb-2048-512345678901-AbCdEfGhIjKlMnOpQrStUvWx", "secrets.slack_token", None),
    # Slack incoming webhook
    ("https://hooks.slack.com/services/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",
     "secrets.webhook_url", None),
    # Hugging Face token
    ("hf_QwErTyUiOpAsDfGhJkLzXcVbNm1234567890", "secrets.llm_api_key", None),
    # Groq key
    ("gsk_Ab3Cd5Ef7Gh9Ij1Kl3Mn5Op7Qr9St1Uv3Wx5Yz7Ab9Cd1Ef", "secrets.llm_api_key", None),
    # Google API key
    ("AIzaSyD3f8Kq2LmN9pXz7Vw4Rt1Yb6Hc0Je5Ua2", "secrets.google_api_key", None),
    # Google OAuth access token
    ("ya29.a0AfH6SMBx7Lq2Vm9Rt4Wn8Kp3Bc6Zd1Hf5Js0Ga", "secrets.google_oauth_token", None),
    # SendGrid key
    ("SG.abcdefghijklmnopqrstuv.ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefg",
     "secrets.sendgrid_key", None),
    # npm token
    ("npm_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8", "secrets.package_token", None),
    # Shopify admin token
    ("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", "secrets.commerce_token", None),
    # DigitalOcean token
    ("dop_v1_" + "4f9a1c7e" * 8, "secrets.cloud_token", None),
    # Telegram bot token
    ("1234567890:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw1", "secrets.telegram_token", None),
    # Twilio API key SID
    ("SK7a3f9c2e5b8d1f4a6c0e2b4d6f8a1c3e", "secrets.twilio_key", None),
    # Azure storage account key
    ("AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZ==",
     "secrets.azure_key", None),
    # PEM private key block
    ("-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7bq9\n-----END RSA PRIVATE KEY-----",
     "secrets.private_key", "MIIEow"),
    # OpenSSH private key without its END line
    ("-----BEGIN OPENSSH PRIVATE KEY----- b3BlbnNzaC1rZXktdjEAAAAABG5vbmU", "secrets.private_key",
     None),
    # signed JWT
    ("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N",
     "secrets.jwt", None),
    # password in a sentence
    ("my password is Tr0ub4dor&3", "secrets.password", "Tr0ub4dor&3"),
    # plain-word password at the end of a clause
    ("my password is sunshine.", "secrets.password", "sunshine"),
    # password with a "for the X" clause
    ("My password for the VPN is \"horse-battery-77\"", "secrets.password", "horse-battery-77"),
    # password after a colon, with a username
    ("login: admin / password: Gx7!pq2Lw", "secrets.password", "Gx7!pq2Lw"),
    # password without a separator but a strong value
    ("root / password Hx7!mQ2p on the box", "secrets.password", "Hx7!mQ2p"),
    # password changed to a value
    ("He changed the Instagram password to Sk8terB0i!! yesterday", "secrets.password", "Sk8terB0i"),
    # "is still" before the value
    ("the master password is still Acme2019! on it", "secrets.password", "Acme2019!"),
    # possessive "password's"
    ("the password's Paris2026!!", "secrets.password", "Paris2026"),
    # pwd= assignment
    ("pwd=Zq9#mT4$vL", "secrets.password", None),
    # "pass:" shorthand
    ("user: mentor01 pass: Kd8#qLz!2", "secrets.password", "Kd8#qLz!2"),
    # Wi-Fi password
    ("The wifi password is BlueMoon2024!", "secrets.password", "BlueMoon2024!"),
    # keyword written letter by letter
    ("p a s s w o r d: Gx7!pq2Lw is it", "secrets.password", "Gx7!pq2Lw"),
    # passcode with symbols
    ("the passcode is Mentor!77", "secrets.password", "Mentor!77"),
    # German keyword
    ("Kennwort: Sonne!2024", "secrets.password", None),
    # door PIN with a "for the" clause
    ("The PIN for the office door is 4816.", "secrets.pin", "4816"),
    # debit card PIN
    ("my debit card PIN is 0392", "secrets.pin", "0392"),
    # verification code
    ("Verification code: 582913", "secrets.pin", "582913"),
    # alarm code
    ("The alarm code is 7719 if you are early", "secrets.pin", "7719"),
    # Postgres URL with password
    ("postgres://app_user:f8Kq2LmN9pXz@db.prod.acme.io:5432/crm", "secrets.connection_string",
     "f8Kq2LmN9pXz"),
    # MongoDB SRV URL
    ("mongodb+srv://reporting:Vx7pQ2sL9w@cluster0.ab12c.mongodb.net/x",
     "secrets.connection_string", None),
    # Redis URL
    ("redis://default:Jh82Kd9sLq0@cache-01:6379", "secrets.connection_string", None),
    # bearer header
    ("Authorization: Bearer 9f8e7d6c5b4a3928171605f4e3d2c1b0a9f8e7d6", "secrets.bearer_token",
     None),
    # api_key assignment
    ('api_key: "3f9a1c7e5b2d4f6a8c0e1b3d5f7a9c2e"', "secrets.api_key", None),
    # client secret assignment
    ("client_secret = 'Q8~xK2pLm.9vT4wZr_7Nb3Yc5Hd1Se6Ga0'", "secrets.api_key", None),
    # session id
    ("session_id=Xk92LmQp7Rt4Wn8Vb3Zc6Hd1Jf5Sa0Ge", "secrets.api_key", None),
    # OpenAI key split across two lines
    ("key: sk-proj-9TgH3kLm2Qx8\nVn4Rp7Ws1Zc6Yb0Jd5Fa", "secrets.openai_key", "Vn4Rp7"),
    # GitHub token split across lines with indentation
    ("token ghp_8fJ2kLm9QxWv4Tz\n    R7nBp1Yc5Hd3Se6Ga0Ku2", "secrets.github_token", "R7nBp1"),
    # key written with a Cyrillic look-alike letter
    ("АKIA2E0A8F3B244C9986", "secrets.aws_access_key", None),
    # key with a zero-width space inside
    ("ghp_8fJ2kLm9QxWv4Tz\u200bR7nBp1Yc5Hd3Se6Ga0Ku2", "secrets.github_token", None),
    # random token after a secret word
    ("the token for the CI is Zk2Lp9Qx7Wm4Rt8Vn3Yb", "secrets.high_entropy_token", None),
]

NEGATIVES = [
    # the word password with no password
    "Forgot your password? Use the reset link.",
    # advice about passwords
    "Never share your password with anyone.",
    # "password is" followed by prose
    "The password is required to open the workbook.",
    # password strength advice
    "A strong password is at least twelve characters long.",
    # password manager mention
    "Use a password manager like 1Password for shared accounts.",
    # password with an example-like weak value described
    "Passwords like Summer2024 are weak.",
    # code reading a password from a prompt
    "password = getpass.getpass()",
    # form hint
    "Password: (leave blank to keep the current one)",
    # masked
    "Enter password: ********",
    # environment variable reference
    'api_key = os.environ["OPENAI_API_KEY"]',
    # placeholder in angle brackets
    "Replace <your-api-key> with the value from the console.",
    # template variable
    "token: ${GITHUB_TOKEN}",
    # explanation of the key format
    "Keys look like sk-... and should be rotated.",
    # documented AWS example key presented as an example
    "Use AKIAIOSFODNN7EXAMPLE as the example key in slides.",
    # token is expired
    "The token is expired; ask IT for a new one.",
    # pin as a verb with a number
    "Pin 3 posts that show what you care about.",
    # PIN advice with digits count
    "Your PIN should be four to six digits.",
    # verification code will arrive
    "Your verification code will arrive by SMS.",
    # connection string with placeholder password
    "postgres://user:<password>@localhost/db",
    # connection string with masked password
    "mysql://admin:****@db/app",
    # URL without credentials
    "https://www.linkedin.com/in/example-exec/",
    # hashtags and colours
    "Brand colours are #1A73E8 and #F4B400.",
    # ordinary mentoring sentence
    "Post on 2026-09-14 at 9am when your audience is most active.",
    # hyphenated long word
    "A state-of-the-art-video-production-workflow helps.",
    # version string
    "Upgrade to version 2.4.1-beta3 of the app.",
    # LinkedIn activity URL
    "See https://www.linkedin.com/feed/update/urn:li:activity:7123456789012345678/",
    # session timeout statement
    "Session tokens expire after 30 minutes of inactivity.",
    # secret used as an adjective
    "The secret is consistency, not volume.",
    # bearer token explanation
    "Bearer tokens are sent in the Authorization header.",
]


@pytest.mark.parametrize(("text", "rule", "value"), CASES)
def test_secret_found(guard, text: str, rule: str, value: str | None) -> None:
    check(guard, text, "secrets", rule, value)


@pytest.mark.parametrize("text", NEGATIVES)
def test_not_a_secret(guard, text: str) -> None:
    check(guard, text, "secrets", None, None)


# Credentials given in conversation: a wider set of cues, "the new one is X" after a
# credential word, user/password pairs and wallet recovery phrases.
CONVERSATIONAL = [
    # "new one is" after "password" earlier in the sentence
    ("IT rotated the VPN password this morning and the new one is Fjord_2291!",
     "secrets.password", "Fjord_2291!"),
    # "new one:" after "PIN", digits only
    ("my card PIN got blocked so the new one: 6630", "secrets.password", "6630"),
    # "it's now" after "passcode"
    ("I reset the laptop passcode, it's now 771204", "secrets.password", "771204"),
    # "changed to" after a door code and a "for the ..." part
    ("The gate code for the car park changed to 4471", "secrets.pin", "4471"),
    # code introduced by "to get into" with a direct object
    ("The code to get into the storeroom is 9032", "secrets.pin", "9032"),
    # code to unlock something, "will be"
    ("the code to unlock the bike shed will be 1188", "secrets.pin", "1188"),
    # lock combination with hyphenated numbers
    ("The locker combination is 12-34-08, don't lose it", "secrets.pin", "12-34-08"),
    # "for ... , it's" after a PIN keyword
    ("Keep my PIN for the alarm panel safe, it's 55210", "secrets.pin", "55210"),
    # Zoom host key (the "key" hint gate used to skip this)
    ("The webinar host key is 402913", "secrets.pin", "402913"),
    # "for the <three words> is" after a passcode; the value starts with "Ab" (once taken
    # for an "a..." placeholder)
    ("The passcode for the Monday town hall is Ab91xQ", "secrets.password", "Ab91xQ"),
    # user / password pair after "login"
    ("Spotify login, it's ana.r / Tango#5521", "secrets.password", "Tango#5521"),
    # user : password pair after "credentials are"
    ("credentials for the staging rig are root: Pq!3vv81", "secrets.password", "Pq!3vv81"),
    # user, pass pair after "creds"
    ("creds for the kiosk: kiosk01, pass Lm4#tr92", "secrets.password", "Lm4#tr92"),
    # a value starting with "The" is not a placeholder such as "the_password"
    ("the wifi password is Theodora1987", "secrets.password", "Theodora1987"),
    # 12-word wallet recovery phrase
    ("Recovery phrase for my wallet: canal frost minute eager ribbon plastic lobster gentle "
     "orbit fossil vivid thumb", "secrets.seed_phrase", "canal frost"),
]

CONVERSATIONAL_NEGATIVES = [
    # "new one" after "password" but the value is an ordinary word
    "I changed my password and the new one is much easier to remember.",
    # "it's" plus a year after "login", no credential
    "The login page loads slowly, it's 2024 and we still wait 5 seconds.",
    # a policy about credentials, no value
    "Our credentials policy is simple: no sharing, rotate every 90 days.",
    # a door-code rule with a number of digits, not a code
    "The door code policy changed to require 6 digits next year.",
    # "combination of" a year is not a lock combination
    "A combination of 2024 data and 2025 forecasts works best.",
    # times after "login", not a user/password pair
    "Login at 9:00 / 17:00 on weekdays for the help desk.",
    # "the new one" refers to a page, no credential value
    "Sign-in issues? The new one is on the intranet homepage.",
    # advice about recovery phrases, no phrase
    "My recovery phrase tips: write it down, never type it into a website.",
    # the new PIN pad arrives, no PIN
    "The PIN pad on the door is broken, IT says the new one arrives Friday.",
    # where the Wi-Fi code is, not the code
    "Wi-Fi code? It's on the back of the router, ask Sam.",
    # a fact about seed phrase word lists
    "Seed phrase words come from a list of 2048 words.",
    # menu prices after "combo"
    "Their combo meal costs $12 and the new one is $14.",
    # a real placeholder value
    "set the password to your_password in the config",
    # reset instructions
    "Passcode reset instructions: go to settings, then choose a new one.",
]


@pytest.mark.parametrize(("text", "rule", "value"), CONVERSATIONAL)
def test_conversational_secret_found(guard, text: str, rule: str, value: str) -> None:
    check(guard, text, "secrets", rule, value)


@pytest.mark.parametrize("text", CONVERSATIONAL_NEGATIVES)
def test_conversational_not_a_secret(guard, text: str) -> None:
    check(guard, text, "secrets", None, None)
