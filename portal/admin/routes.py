from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import func, or_, select
from sqlalchemy.orm import aliased

from portal.admin import bp, services
from portal.admin.forms import ImportConfirmForm, ImportForm, LegalTextForm, UserForm
from portal.auth import accounts
from portal.auth.access import roles_required
from portal.auth.models import ROLE_LABELS, ROLES, User, UserRole
from portal.core import audit, csvio
from portal.core.audit import SECURITY_EVENTS, AuditEvent
from portal.core.calendar import ROME
from portal.core.forms import ActionForm, attach_rule_violation
from portal.core.htmx import render
from portal.core.legal import LegalText, all_kinds, public_kinds
from portal.core.mail import OutboxMail
from portal.core.query import LARGEST_ID, day_or, int_or
from portal.core.rules import RuleViolation
from portal.core.types import utcnow
from portal.extensions import db

PER_PAGE = 25


@bp.before_request
@roles_required("amministratore")
def only_administrators():
    return None


def _page() -> int:
    return int_or(request.args.get("page"), 1, minimum=1, maximum=LARGEST_ID // 100)


# -- users ----------------------------------------------------------------------


def _user_query(q: str, role: str, status: str):
    query = select(User).order_by(User.full_name, User.id)
    if q:
        like = f"%{q.lower()}%"
        query = query.where(or_(
            func.lower(User.access_code).like(like), func.lower(User.full_name).like(like),
            func.lower(User.email).like(like), User.codice_persona == q, User.matricola == q,
            User.codice_fiscale == q.upper(),
        ))
    if role in ROLES:
        query = query.where(User.roles.any(UserRole.role == role))
    if status == "active":
        query = query.where(User.active.is_(True))
    elif status == "inactive":
        query = query.where(User.active.is_(False))
    return query


@bp.get("/users")
def users():
    q = request.args.get("q", "").strip()[:100]
    role = request.args.get("role", "")
    status = request.args.get("status", "")
    pagination = db.paginate(_user_query(q, role, status), page=_page(), per_page=PER_PAGE, error_out=False)
    return render("admin/users.html", "admin/_user_results.html", pagination=pagination, q=q, role=role,
                  status=status, role_labels=ROLE_LABELS)


def _form_data(form: UserForm) -> accounts.UserData:
    return accounts.UserData(
        access_code=form.access_code.data, email=form.email.data, full_name=form.full_name.data,
        locale=form.locale.data, codice_fiscale=form.codice_fiscale.data, codice_persona=form.codice_persona.data,
        matricola=form.matricola.data, roles=set(form.roles.data or []),
    )


@bp.route("/users/new", methods=["GET", "POST"])
def user_new():
    form = UserForm()
    if form.validate_on_submit():
        try:
            user, password = accounts.create_user(current_user, _form_data(form))
        except RuleViolation as violation:
            attach_rule_violation(form, violation)
        else:
            return render_template("admin/one_time_password.html", user=user, password=password, created=True)
    return render_template("admin/user_form.html", form=form, user=None), 422 if form.is_submitted() else 200


def _user_or_404(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
def user_edit(user_id: int):
    user = _user_or_404(user_id)
    form = UserForm(obj=user)
    form.access_code.render_kw = {**(form.access_code.render_kw or {}), "readonly": True}
    if request.method == "GET":
        form.roles.data = sorted(user.role_names)
    if form.validate_on_submit():
        form.access_code.data = user.access_code  # the access code never changes
        try:
            services.update_user(current_user, user, _form_data(form))
        except RuleViolation as violation:
            attach_rule_violation(form, violation)
        else:
            flash(_l("Changes saved."), "success")
            return redirect(url_for("admin.user_edit", user_id=user.id), code=303)
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.user_id == user.id).order_by(AuditEvent.at.desc()).limit(10)
    ).all()
    return render_template("admin/user_form.html", form=form, user=user, action=ActionForm(), events=events), (
        422 if form.is_submitted() else 200)


@bp.post("/users/<int:user_id>/active")
def user_set_active(user_id: int):
    user = _user_or_404(user_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    activate = request.form.get("active") == "1"
    try:
        services.set_active(current_user, user, activate)
    except RuleViolation as violation:
        flash(violation.message, "danger")
    else:
        flash(_l("Account reactivated.") if activate else _l("Account deactivated: every session has ended."),
              "success")
    return redirect(url_for("admin.user_edit", user_id=user.id), code=303)


@bp.post("/users/<int:user_id>/reset-password")
def user_reset_password(user_id: int):
    user = _user_or_404(user_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    password = services.force_password_reset(current_user, user)
    return render_template("admin/one_time_password.html", user=user, password=password, created=False)


# -- import -------------------------------------------------------------------


@bp.route("/users/import", methods=["GET", "POST"])
def users_import():
    form = ImportForm()
    plan = None
    payload = ""
    if form.validate_on_submit():
        data = form.file.data.read()
        try:
            plan = services.plan_import(data)
        except RuleViolation as violation:
            form.file.errors = [violation.message]
        else:
            payload = csvio.to_payload(data)
    status = 422 if form.is_submitted() and plan is None else 200
    return render_template("admin/import.html", form=form, plan=plan,
                           confirm=ImportConfirmForm(payload=payload)), status


@bp.post("/users/import/apply")
def users_import_apply():
    form = ImportConfirmForm()
    if not form.validate_on_submit() or not form.payload.data:
        abort(400)
    data = csvio.from_payload(form.payload.data)
    if data is None:
        abort(400)
    try:
        plan = services.plan_import(data)
    except RuleViolation as violation:
        # The accounts changed between preview and apply: show what is wrong now.
        upload = ImportForm()
        upload.file.errors = [violation.message]
        return render_template("admin/import.html", form=upload, plan=None, confirm=form), 422
    services.apply_import(current_user, plan)
    flash(_l("Import done: %(new)d accounts created, %(changed)d updated, %(same)d unchanged.",
             new=len(plan.new), changed=len(plan.changed), same=plan.unchanged), "success")
    return redirect(url_for("admin.users"), code=303)


@bp.get("/users/import/template.csv")
def users_import_template():
    body = csvio.write_rows(
        services.IMPORT_REQUIRED + services.IMPORT_OPTIONAL,
        [("mario.rossi", "mario.rossi@example.edu", "Mario Rossi", "it", "", "12345678", "", "dipendente|genitore")],
    )
    return Response(body, mimetype="text/csv",
                    headers={"Content-Disposition": "attachment; filename=users-template.csv"})


# -- audit log ------------------------------------------------------------------


def _parse_day(value: str):
    return day_or(value, None)


def _audit_query(args):
    subject = aliased(User)
    actor = aliased(User)
    query = (select(AuditEvent)
             .outerjoin(subject, AuditEvent.user_id == subject.id)
             .outerjoin(actor, AuditEvent.actor_id == actor.id)
             .order_by(AuditEvent.at.desc(), AuditEvent.id.desc()))
    event = args.get("event", "")
    if event:
        query = query.where(AuditEvent.event == event)
    who = args.get("user", "").strip().lower()
    if who:
        query = query.where(or_(subject.access_code == who, actor.access_code == who))
    start, end = _parse_day(args.get("from", "")), _parse_day(args.get("to", ""))
    if start:
        query = query.where(AuditEvent.at >= datetime.combine(start, time(), ROME).astimezone(UTC))
    if end:
        query = query.where(AuditEvent.at < datetime.combine(end + timedelta(days=1), time(), ROME).astimezone(UTC))
    return query


@bp.get("/audit")
def audit_log():
    known = sorted(set(SECURITY_EVENTS) | set(db.session.scalars(select(AuditEvent.event).distinct())))
    pagination = db.paginate(_audit_query(request.args), page=_page(), per_page=50, error_out=False, count=True)
    return render("admin/audit.html", "admin/_audit_results.html", pagination=pagination, events=known,
                  args=request.args)


@bp.get("/audit.csv")
def audit_export():
    rows = db.session.scalars(_audit_query(request.args).limit(100_000)).unique().all()
    # Who took a copy of the security log, and which part of it (recorded after the query: not in this copy).
    audit.record("audit_log.exported", actor=current_user, rows=len(rows),
                 filters={key: request.args.get(key, "")[:60] for key in ("event", "user", "from", "to")
                          if request.args.get(key)})
    body = csvio.write_rows(
        ("at_utc", "event", "user", "actor", "ip", "user_agent", "details"),
        ((event.at.isoformat(), event.event, event.user.access_code if event.user else "",
          event.actor.access_code if event.actor else "", event.ip, event.user_agent, event.details)
         for event in rows),
    )
    return Response(body, mimetype="text/csv",
                    headers={"Content-Disposition": "attachment; filename=audit-log.csv"})


# -- legal texts ----------------------------------------------------------------


@bp.get("/texts")
def texts():
    kinds = all_kinds()
    current = {kind: LegalText.current(kind) for kind in kinds}
    return render_template("admin/texts.html", current=current, kinds=kinds, site_kinds=public_kinds())


@bp.route("/texts/<kind>", methods=["GET", "POST"])
def text_edit(kind: str):
    kinds = all_kinds()
    if kind not in kinds:
        abort(404)
    current = LegalText.current(kind)
    form = LegalTextForm(obj=current)
    if form.validate_on_submit():
        row = services.publish_legal_text(current_user, kind, form.title_it.data, form.title_en.data,
                                          form.body_it.data, form.body_en.data)
        flash(_l("Version %(version)d published.", version=row.version), "success")
        return redirect(url_for("admin.texts"), code=303)
    return render_template("admin/text_form.html", form=form, kind=kind, label=kinds[kind],
                           current=current), 422 if form.is_submitted() else 200


# -- outbox ---------------------------------------------------------------------


@bp.get("/outbox")
def outbox():
    status = request.args.get("status", "")
    query = select(OutboxMail).order_by(OutboxMail.id.desc())
    if status in ("pending", "sent", "failed"):
        query = query.where(OutboxMail.status == status)
    pagination = db.paginate(query, page=_page(), per_page=PER_PAGE, error_out=False)
    show_bodies = current_app.config["PORTAL_ENV"] != "production"
    return render_template("admin/outbox.html", pagination=pagination, status=status, show_bodies=show_bodies,
                           action=ActionForm())


@bp.post("/outbox/<int:mail_id>/retry")
def outbox_retry(mail_id: int):
    mail_row = db.session.get(OutboxMail, mail_id)
    if mail_row is None:
        abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    if mail_row.status == "failed":
    
        mail_row.status = "pending"
        mail_row.attempts = 0
        mail_row.next_attempt_at = utcnow()
        flash(_l("The mail is queued again."), "success")
    return redirect(url_for("admin.outbox"), code=303)
