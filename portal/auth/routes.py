from __future__ import annotations

import hashlib

from flask import abort, current_app, flash, g, jsonify, make_response, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.auth import agreements, bp, services
from portal.auth.access import background, end_session, public, session_seconds_left, start_session
from portal.auth.forms import (
    ChangePasswordForm,
    FirstPasswordForm,
    ForgotAccessCodeForm,
    ForgotPasswordForm,
    LoginForm,
    ResetPasswordForm,
    TermsForm,
)
from portal.auth.rules import lock_address
from portal.core import feeds, mail
from portal.core.actions import one_button
from portal.core.forms import ActionForm, form_status, submitted_and_done
from portal.core.htmx import redirect as htmx_redirect
from portal.core.legal import LegalText
from portal.core.net import client_ip
from portal.core.rules import RuleViolation
from portal.core.security import local_target
from portal.core.text import legal_blocks
from portal.extensions import db, limiter, login_manager

LOGIN_FAILED = _l("Access code or password not valid, or the account is temporarily locked "
                  "after too many attempts. Check them and try again, or recover your password.")
RECOVERY_SENT = _l("If the details match an active account, we have sent an e-mail to its address. "
                   "It may take a few minutes to arrive; check the spam folder too.")


@login_manager.unauthorized_handler
def unauthorized():
    flash(_l("Please sign in to continue."), "info")
    target = request.full_path.rstrip("?") if request.method == "GET" and not request.headers.get("HX-Request") else None
    return htmx_redirect(url_for("auth.login", next=target if target and target != "/" else None))


def _account_key() -> str:
    """An account's attempts from one address: guesses from elsewhere never throttle the owner."""
    code = (request.form.get("access_code") or "").strip().lower()[:64]
    return f"account:{code}@{lock_address(client_ip())}"


def _login_rate_ip() -> str:
    return current_app.config["PORTAL_LOGIN_RATE_PER_IP"]


def _login_rate_account() -> str:
    return current_app.config["PORTAL_LOGIN_RATE_PER_ACCOUNT"]


def _recovery_rate() -> str:
    return current_app.config["PORTAL_RECOVERY_RATE_PER_IP"]


def _calendar_rate() -> str:
    return current_app.config["PORTAL_CALENDAR_RATE_PER_IP"]


def _after_login_target() -> str:
    return local_target(request.args.get("next")) or url_for("site.home")


@bp.route("/login", methods=["GET", "POST"])
@public
@limiter.limit(_login_rate_ip, methods=["POST"])
@limiter.limit(_login_rate_account, methods=["POST"], key_func=_account_key)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("site.home"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        user = services.authenticate(form.access_code.data, form.password.data)
        if user is not None:
            start_session(user)
            return redirect(_after_login_target(), code=303)
        db.session.commit()  # the failure count and the audit row must stay
        form.form_errors.append(LOGIN_FAILED)
        status = 422
    elif form.is_submitted():
        status = 422
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
@public
def logout():
    if current_user.is_authenticated:
        services.record_logout(current_user._get_current_object())
        db.session.commit()
        end_session()
        flash(_l("You have signed out."), "success")
    return redirect(url_for("auth.login"), code=303)


@bp.route("/first-access/password", methods=["GET", "POST"])
def first_password():
    if not current_user.must_change_password:
        return redirect(url_for("site.home"))
    form = FirstPasswordForm()
    if submitted_and_done(form, lambda: services.change_password(current_user, None, form.new_password.data)):
        start_session(current_user._get_current_object())
        flash(_l("Your password is set. Keep it to yourself."), "success")
        return redirect(url_for("site.home"), code=303)
    return render_template("auth/first_password.html", form=form), form_status(form)


@bp.route("/first-access/terms", methods=["GET", "POST"])
def terms():
    text = LegalText.current("terms")
    if text is None:
        return redirect(url_for("site.home"))
    form = TermsForm(version=text.version)
    also = agreements.pending_for(current_user)  # e.g. the welfare plan's rules: one screen, one accept
    already = current_user.accepted_terms_version is not None
    if also:
        form.accept.label.text = _l("I have read and accept the texts above")
    status = 200
    if form.validate_on_submit():
        try:
            services.accept_terms(current_user, int(form.version.data or 0))
            agreements.accept_shown(current_user, also, request.form)
        except (RuleViolation, ValueError) as exc:
            message = exc.message if isinstance(exc, RuleViolation) else _l("The form was not valid. Please try again.")
            form.form_errors.append(message)
            form.version.data = text.version
        else:
            return redirect(_after_login_target(), code=303)
    if form.is_submitted():
        status = 422
    return render_template("auth/terms.html", form=form, text=text, blocks=legal_blocks(text.body),
                           updated=already, also=[(agreement, shown, legal_blocks(shown.body))
                                                  for agreement, shown in also]), status


def _recovery(form, send, template: str):
    """Both recovery pages answer the same whether or not an account matched."""
    if form.validate_on_submit():
        send()
        flash(RECOVERY_SENT, "info")
        return redirect(url_for("auth.login"), code=303)
    return render_template(template, form=form), 422 if form.is_submitted() else 200


@bp.route("/password/forgot", methods=["GET", "POST"])
@public
@limiter.limit(_recovery_rate, methods=["POST"])
def forgot_password():
    form = ForgotPasswordForm()
    return _recovery(form, lambda: services.request_password_reset(form.access_code.data),
                     "auth/forgot_password.html")


@bp.route("/access-code/forgot", methods=["GET", "POST"])
@public
@limiter.limit(_recovery_rate, methods=["POST"])
def forgot_access_code():
    form = ForgotAccessCodeForm()
    return _recovery(form, lambda: services.remind_access_code(form.email.data), "auth/forgot_access_code.html")


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@public
@limiter.limit(_recovery_rate, methods=["POST"])
def reset_password(token: str):
    if services.usable_reset_token(token) is None:
        return render_template("auth/reset_invalid.html"), 404
    form = ResetPasswordForm()
    if submitted_and_done(form, lambda: services.reset_password(token, form.new_password.data)):
        if current_user.is_authenticated:
            end_session()
        flash(_l("Your password has been changed. Sign in with the new one."), "success")
        return redirect(url_for("auth.login"), code=303)
    return render_template("auth/reset_password.html", form=form), form_status(form)


def _profile(form, status: int = 200, calendar_token: str | None = None):
    user = current_user._get_current_object()
    calendar = None
    if calendar_token:
        https = mail.link_to("auth.calendar_feed", token=calendar_token)  # the portal's public address
        calendar = {"https": https, "webcal": "webcal://" + https.split("://", 1)[1]}
    return render_template("auth/profile.html", form=form, feed=services.calendar_feed_of(user),
                           calendar=calendar, action=ActionForm()), status


@bp.route("/profile")
def profile():
    return _profile(ChangePasswordForm())


@bp.post("/profile/calendar")
def open_calendar():
    """Make (or make again) the private calendar link. Only its hash is kept, so it is shown on this answer only."""
    if not ActionForm().validate_on_submit():
        abort(400)
    token = services.open_calendar_feed(current_user._get_current_object())
    db.session.commit()
    return _profile(ChangePasswordForm(formdata=None), calendar_token=token)


@bp.post("/profile/calendar/revoke")
def revoke_calendar():
    return one_button(lambda: services.revoke_calendar_feed(current_user._get_current_object()),
                      lambda _: _l("Your calendar link no longer works. Calendars subscribed to it stop updating."),
                      url_for("auth.profile", _anchor="calendar"))


@bp.get("/calendar/<token>.ics")
@public
@limiter.limit(_calendar_rate)
def calendar_feed(token: str):
    """"My calendar": the token is the credential. A wrong, revoked or closed account's link is the same 404."""
    user = services.calendar_feed_owner(token)
    if user is None:
        abort(404)
    body = feeds.calendar_for(user)
    response = make_response(body)
    response.mimetype = "text/calendar"
    response.headers["Content-Disposition"] = 'inline; filename="calendar.ics"'
    response.cache_control.private = True
    response.cache_control.no_cache = True
    response.set_etag(hashlib.sha256(body.encode()).hexdigest()[:32])
    return response.make_conditional(request)


@bp.route("/profile/password", methods=["GET", "POST"])
def change_password():
    form = ChangePasswordForm()
    change = lambda: services.change_password(current_user, form.current_password.data,  # noqa: E731
                                              form.new_password.data)
    if submitted_and_done(form, change):
        start_session(current_user._get_current_object())
        flash(_l("Your password has been changed. You have been signed out everywhere else."), "success")
        return redirect(url_for("auth.profile"), code=303)
    return _profile(form, form_status(form))


@bp.get("/session")
@background
def session_status():
    """Seconds left, read by the idle-timeout warning without extending the session."""
    if not current_user.is_authenticated:
        return jsonify(authenticated=False, seconds_left=0)
    return jsonify(authenticated=True, seconds_left=g.get("session_seconds_left", session_seconds_left()))


@bp.post("/session/extend")
def session_extend():
    """'Stay signed in': any ordinary request counts as activity, this one says so explicitly."""
    if request.headers.get("HX-Request"):
        return render_template("auth/_session_extended.html", seconds_left=session_seconds_left())
    return redirect(url_for("site.home"), code=303)
