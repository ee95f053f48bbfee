from flask import Blueprint

bp = Blueprint("caf", __name__, url_prefix="/caf")

from portal.caf import models  # noqa: E402,F401
