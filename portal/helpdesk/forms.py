"""The help desk's forms: one-line fields filtered, text areas keep their lines, the message the shared one."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, MultipleFileField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from portal.auth.forms import REQUIRED
from portal.core import conversation
from portal.core.forms import FlaskForm, single_line, strip_text
from portal.helpdesk import labels

FILES_LABEL = _l("Attach files (optional: PDF, JPEG or PNG, at most 3)")
FILE_ACCEPT = {"accept": "application/pdf,image/jpeg,image/png"}


def _files():
    return MultipleFileField(FILES_LABEL, render_kw=FILE_ACCEPT)


class NewConversationForm(FlaskForm):
    topic = SelectField(_l("What is it about?"), validators=[InputRequired(_l("Choose a topic."))])
    subject = StringField(_l("In a few words"), filters=[single_line],
                          validators=[DataRequired(_l("Say in a few words what it is about.")), Length(max=150)])
    body = TextAreaField(_l("Your message"), filters=[strip_text],
                         validators=[DataRequired(_l("Write a message.")),
                                     Length(max=conversation.MESSAGE_MAX_CHARS)], render_kw={"rows": 5})
    files = _files()


class MessageForm(conversation.MessageForm):
    """The person's and the office's messages: the shared conversation form, with files."""

    files = _files()


class StaffReplyForm(FlaskForm):
    ready_answer = SelectField(_l("Ready answer (sent in the person's language)"), validators=[Optional()])
    body = TextAreaField(_l("Your words"), filters=[strip_text],
                         validators=[Length(max=conversation.MESSAGE_MAX_CHARS)], render_kw={"rows": 4},
                         description=_l("Added after the ready answer, or on their own."))
    internal = BooleanField(_l("Internal note: the person does not see it"))
    files = _files()


class ContactForm(FlaskForm):
    """A call or an e-mail from a person, logged by the office as a new conversation in the person's name."""

    person = StringField(_l("The person's access code or e-mail address"), filters=[single_line],
                         validators=[DataRequired(REQUIRED), Length(max=254)])
    channel = RadioField(_l("How they got in touch"), choices=[("phone", labels.CHANNELS["phone"]),
                                                                ("email", labels.CHANNELS["email"])],
                         default="phone", validators=[InputRequired(REQUIRED)])
    topic = SelectField(_l("What is it about?"), validators=[InputRequired(_l("Choose a topic."))])
    subject = StringField(_l("In a few words"), filters=[single_line],
                          validators=[DataRequired(_l("Say in a few words what it is about.")), Length(max=150)])
    body = TextAreaField(_l("What was asked and what you answered"), filters=[strip_text],
                         validators=[DataRequired(_l("Write a message.")),
                                     Length(max=conversation.MESSAGE_MAX_CHARS)], render_kw={"rows": 5},
                         description=_l("The person reads it in their conversations and is told by mail."))


class _Prefixed(FlaskForm):
    """A form that shares its page with others: its fields' names and ids carry its prefix ("close-body")."""

    PREFIX = ""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", self.PREFIX)
        super().__init__(*args, **kwargs)


class CloseForm(_Prefixed):
    PREFIX = "close"
    ready_answer = SelectField(_l("Last answer from the ready ones (optional)"), validators=[Optional()])
    body = TextAreaField(_l("Your words (optional)"), filters=[strip_text],
                         validators=[Length(max=conversation.MESSAGE_MAX_CHARS)], render_kw={"rows": 3})


class CallForm(_Prefixed):
    PREFIX = "call"
    body = TextAreaField(_l("What was said on the phone"), filters=[strip_text],
                         validators=[DataRequired(_l("Write a message.")),
                                     Length(max=conversation.MESSAGE_MAX_CHARS)], render_kw={"rows": 3})


class HandOverForm(_Prefixed):
    PREFIX = "handover"
    topic = SelectField(_l("Hand over to"), choices=[(key, label) for key, label in labels.TOPICS.items()],
                        validators=[InputRequired(REQUIRED)])
    note = TextAreaField(_l("Why (internal note)"), filters=[strip_text],
                         validators=[DataRequired(REQUIRED), Length(max=conversation.MESSAGE_MAX_CHARS)],
                         render_kw={"rows": 2})


class RateForm(_Prefixed):
    PREFIX = "rate"
    rating = RadioField(_l("How well did the answer meet your needs?"), coerce=int,
                        choices=[(level, label) for level, label in sorted(labels.RATINGS.items(), reverse=True)],
                        validators=[InputRequired(_l("Choose from 1 to 5."))])


class ReadyAnswerForm(FlaskForm):
    topic = SelectField(_l("Topic"), validators=[InputRequired(REQUIRED)])
    title_it = StringField(_l("Question, in Italian"), filters=[single_line],
                           validators=[DataRequired(REQUIRED), Length(max=200)])
    title_en = StringField(_l("Question, in English"), filters=[single_line],
                           validators=[DataRequired(REQUIRED), Length(max=200)])
    body_it = TextAreaField(_l("Answer, in Italian"), filters=[strip_text],
                            validators=[DataRequired(REQUIRED), Length(max=conversation.MESSAGE_MAX_CHARS)],
                            render_kw={"rows": 5})
    body_en = TextAreaField(_l("Answer, in English"), filters=[strip_text],
                            validators=[DataRequired(REQUIRED), Length(max=conversation.MESSAGE_MAX_CHARS)],
                            render_kw={"rows": 5})
    published = BooleanField(_l("Published in the FAQ"))

    def values(self) -> dict:
        return {name: getattr(self, name).data for name in ("topic", "title_it", "title_en", "body_it", "body_en",
                                                            "published")}
