"""Forms (the attempt's answers are read by views.quiz and checked by services.attempts).

**One value per name, unless declared.** A name the server reads as one value (`request.form
.get`, `request.args[...]`, a single-valued WTForms field) that arrives twice (`q=c1&q=c2`) is
refused with 400 rather than the first taken silently; a name read as several values
(`getlist`, or a field that takes many) may repeat. The declaration is the reading itself:
`OneValueDict` is every request's `args` and `form`, and `Form` is the base of every form.
A multiple-answer question's checkboxes, named like a single answer's radio buttons, are
declared by being a field that takes many (a `SelectMultipleField`, or `takes_many = True`)."""

from flask import Request, abort
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, MultipleFileField
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.exceptions import BadRequest
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    HiddenField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, EqualTo, Length, Optional, ValidationError

from app.domain.accounts import password_problem, username_problem
from app.domain.assignments import name_problem, window_problem
from app.domain.content import (
    MAX_CHOICES,
    MAX_PARAGRAPH,
    SINGLE,
    TRUE_FALSE,
    TRUEFALSE,
    TYPE_NAMES,
    QuestionContent,
    form_data,
    from_form,
)
from app.domain.numbers import whole_number


def _sent_twice(name: str) -> str:
    return (f"The request sent “{name}” more than once, where one value is expected; "
            "nothing was changed. Reload the page and try again.")


class OneValueDict(ImmutableMultiDict):
    """A request's query or form: reading one value of a name sent several times is a 400;
    `getlist` reads them all."""

    def __getitem__(self, key):
        if len(self.getlist(key)) > 1:
            raise BadRequest(_sent_twice(key))
        return super().__getitem__(key)


class OneValueRequest(Request):
    parameter_storage_class = OneValueDict


def takes_many(field) -> bool:
    """Whether a field reads every value of its name (checkboxes, several files)."""
    return getattr(field, "takes_many", isinstance(field, SelectMultipleField | MultipleFileField))


class Form(FlaskForm):
    """Every form's base: a single-valued field whose name came more than once is a 400."""

    def process(self, formdata=None, obj=None, data=None, extra_filters=None, **kwargs):
        super().process(formdata, obj, data, extra_filters, **kwargs)
        for field in self:
            if len(getattr(field, "raw_data", None) or ()) > 1 and not takes_many(field):
                abort(400, _sent_twice(field.name))


class ButtonForm(Form):
    """A form that is only a button: it carries the CSRF token."""


class AnswerField(RadioField):
    """An unanswered question is allowed; an answer must be one of the question's choices."""

    def pre_validate(self, form):
        if self.data is not None:
            super().pre_validate(form)


def row_id(raw) -> int:
    """A choice's id as a form's `coerce`: read by `whole_number`, anything else a ValueError,
    which WTForms reports as the field's error."""
    number = whole_number(str(raw))
    if number is None:
        raise ValueError("not a row id")
    return number


def _rule(problem):
    """A WTForms validator from a domain rule that returns a message or None."""

    def check(form, field):
        message = problem(field.data or "")
        if message:
            raise ValidationError(message)

    return check


def _stripped(value):
    return value.strip() if isinstance(value, str) else value


class RegisterForm(Form):
    username = StringField("Username", validators=[DataRequired("Choose a username."),
                                                   _rule(username_problem)])
    password = PasswordField("Password", validators=[DataRequired("Choose a password."),
                                                     _rule(password_problem)])
    confirm = PasswordField("Repeat the password", validators=[
        DataRequired("Repeat the password."),
        EqualTo("password", "The two passwords differ."),
    ])


class PasswordForm(Form):
    current = PasswordField("Current password",
                            validators=[DataRequired("Enter your current password.")])
    password = PasswordField("New password", validators=[DataRequired("Choose a password."),
                                                         _rule(password_problem)])
    confirm = PasswordField("Repeat the new password", validators=[
        DataRequired("Repeat the password."),
        EqualTo("password", "The two passwords differ."),
    ])


class LoginForm(Form):
    username = StringField("Username", validators=[DataRequired("Enter your username.")])
    password = PasswordField("Password", validators=[DataRequired("Enter your password.")])
    remember = BooleanField("Keep me signed in on this device")


class StudyAnswerForm(Form):
    """A study card answered: its choices are radio buttons or, for a multiple-answer card,
    checkboxes, all named `choice`, so the field takes many (the service refuses several for
    a card taking one)."""
    question = HiddenField(filters=[lambda v: _whole_or_none(v)])
    choice = SelectMultipleField("Your answer", coerce=row_id, choices=[],
                                 validate_choice=False)


class WholeNumberField(IntegerField):
    """A whole number from `minimum` to `maximum`, or empty (None). Read by
    `domain.numbers.whole_number`, so a thousand digits is the field's message, never
    WTForms' NumberRange overflowing or a number too large for the database."""

    def __init__(self, label: str, minimum: int, maximum: int, **kwargs):
        super().__init__(label, validators=[Optional()], **kwargs)
        self.minimum, self.maximum = minimum, maximum

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        self.data = whole_number(valuelist[0], self.maximum)
        if self.data is None or self.data < self.minimum:
            self.data = None
            raise ValueError(f"Use {self.minimum:,} to {self.maximum:,}.")


class QuizSettingsForm(Form):
    """A quiz's title, description and settings; the settings apply to attempts started after
    they are saved. The slug (the quiz's address) never changes."""

    title = StringField("Title", filters=[_stripped], validators=[
        DataRequired("Give the quiz a title."), Length(max=200, message="Use at most 200 "
                                                                        "characters.")])
    description = TextAreaField("Description", filters=[_stripped], validators=[
        Length(max=2000, message="Use at most 2,000 characters.")],
        description="Learners read it before they start.")
    questions_per_attempt = WholeNumberField(
        "Questions per attempt", 1, 500, description="Leave empty to ask every question.")
    is_shuffle_questions = BooleanField("Shuffle the order of the questions")
    is_shuffle_choices = BooleanField("Shuffle the order of the choices")
    time_limit_minutes = WholeNumberField(
        "Time limit (minutes)", 1, 600, description="Leave empty for no limit.")
    attempts_allowed = WholeNumberField(
        "Attempts allowed", 1, 100, description="Leave empty for no limit.")
    grading_method = SelectField("Grade across attempts", choices=[
        SelectChoice("highest", "Highest score"), SelectChoice("average", "Average score"),
        SelectChoice("first", "First attempt"), SelectChoice("last", "Last attempt")])
    feedback_mode = SelectField("Feedback", choices=[
        SelectChoice("deferred", "Deferred: everything after submission"),
        SelectChoice("immediate", "Immediate: check each answer, which then locks")])
    layout = SelectField("Layout", choices=[
        SelectChoice("all", "All questions on one page"),
        SelectChoice("one", "One question per page")])


class ArticleImportForm(Form):
    file = FileField("Upload a .txt, .md or .html file (at most 2 MB)")
    text = TextAreaField("…or paste the article")


FIRST_ROWS = 4  # choice rows a new question starts with


def _whole_or_none(value) -> int | None:
    """A row id, or None for anything else (a number too large for the database included)."""
    return whole_number(str(value))


class QuestionForm(Form):
    """A question as the editor shows it: its type, and a row per choice marked right or not
    (a radio button for single answer, a checkbox and an optional weight for multiple; a
    true/false question has its two fixed rows). A new question starts with four rows and
    "Add a choice" gives one more, up to the bank's limit; rows left empty are dropped, and
    the whole is validated as a bank question (`content.from_form`)."""

    # an unknown type is the bank validation's to refuse, with its message
    type = SelectField("Answer type", default=SINGLE, validate_choice=False,
                       choices=[SelectChoice(kind, label) for kind, label in TYPE_NAMES.items()])
    stem = TextAreaField("Question")
    correct = SelectMultipleField("The right answers", coerce=_whole_or_none,
                                  validate_choice=False)
    explanation = TextAreaField("Explanation shown after answering")
    topic = StringField("Topic")
    paragraph = WholeNumberField("Paragraph of the article", 1, MAX_PARAGRAPH)
    anchor = StringField("Words of its sentence in the article", description=(
        "A few words exactly as the article has them: the review then quotes that sentence "
        "and links to it. Optional."))

    def row_count(self, add: bool = False) -> int:
        """Every row the page sent or the question has, at least four; one more to add. A
        true/false question has its two."""
        if self.type.data == TRUEFALSE:
            return len(TRUE_FALSE)
        rows = [i for i in range(1, MAX_CHOICES + 1)
                if self[f"choice_{i}"].data or getattr(self[f"choice_{i}"], "raw_data", None)]
        return min(MAX_CHOICES, max([FIRST_ROWS, *rows]) + add)

    def choice_rows(self, count: int):
        return [(self[f"choice_{i}"], self[f"rationale_{i}"], self[f"weight_{i}"], i)
                for i in range(1, count + 1)]

    def to_data(self) -> dict:
        return from_form(self.data)

    def fill(self, content: QuestionContent) -> None:
        for name, value in form_data(content).items():
            self[name].data = value


for _i in range(1, MAX_CHOICES + 1):  # WTForms takes fields added to a form class
    setattr(QuestionForm, f"choice_{_i}", StringField(f"Choice {_i}"))
    setattr(QuestionForm, f"rationale_{_i}", StringField(f"Why choice {_i} is right or wrong"))
    setattr(QuestionForm, f"weight_{_i}", StringField(f"Weight of choice {_i}, % (optional)"))


class GiftImportForm(Form):
    file = FileField("Upload a GIFT file")
    text = TextAreaField("…or paste GIFT text")


class AssignmentForm(Form):
    """An assignment of a quiz to a class. Times are UTC, as everywhere in the app."""

    name = StringField("Name of the class or group", filters=[_stripped], validators=[
        DataRequired("Name the assignment, for example “Period 3”."),
        Length(max=120, message="Use at most 120 characters.")])
    opens_at = DateTimeLocalField("Opens (UTC)", format="%Y-%m-%dT%H:%M",
                                  validators=[Optional()],
                                  description="Leave empty to open it at once.")
    closes_at = DateTimeLocalField("Closes (UTC)", format="%Y-%m-%dT%H:%M",
                                   validators=[Optional()],
                                   description="Leave empty to keep it open. Attempts still "
                                               "in progress then are closed and graded.")
    is_name_required = BooleanField("Learners without an account must give their name")

    def validate_closes_at(self, field):
        problem = window_problem(self.opens_at.data, field.data)
        if problem:
            raise ValidationError(problem)


class JoinForm(Form):
    """Joining a class; the name is asked of guests when the assignment wants one."""

    name = StringField("Your name", filters=[_stripped],
                       validators=[_rule(name_problem)],
                       description="As your teacher knows you: it is shown to them only.")
