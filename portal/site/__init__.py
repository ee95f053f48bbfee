from flask import Blueprint

bp = Blueprint("site", __name__)

from portal.site import routes  # noqa: E402,F401
from portal.site import webapp  # noqa: E402,F401
