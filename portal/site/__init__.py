from flask import Blueprint
from flask_babel import lazy_gettext as _l

from portal.core.legal import register_kinds

bp = Blueprint("site", __name__)

# The portal's public texts, shown to anyone under /legal/<kind>.
register_kinds({
    "terms": _l("Terms of use of the portal"),
    "privacy": _l("Privacy notice"),
    "accessibility": _l("Accessibility statement"),
}, public=True)

from portal.site import affiliations, routes, webapp  # noqa: E402,F401
