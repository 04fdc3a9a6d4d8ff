"""Forms. The attempt form is built per attempt: one radio group per question, whose only
acceptable values are the ids of that question's own choices."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, EqualTo, NumberRange, Optional, ValidationError

from app.domain.accounts import password_problem, username_problem


class ButtonForm(FlaskForm):
    """A form that is only a button: it carries the CSRF token."""


class AnswerField(RadioField):
    """An unanswered question is allowed; an answer must be one of the question's choices."""

    def pre_validate(self, form):
        if self.data is not None:
            super().pre_validate(form)


def field_name(question_id: int) -> str:
    return f"q{question_id}"


def attempt_form(slots) -> FlaskForm:
    fields = {
        field_name(slot.response.question_id): AnswerField(
            slot.content.stem,
            choices=[SelectChoice(choice.id, choice.text) for choice in slot.choices],
            coerce=int,
            default=slot.response.choice_id,
            invalid_choice_message="That choice does not belong to this question.",
        )
        for slot in slots
    }
    return type("AttemptForm", (FlaskForm,), fields)()


def chosen_answers(form: FlaskForm, slots) -> dict[int, int]:
    """question id -> chosen choice id, for the questions answered in this form."""
    answers = {}
    for slot in slots:
        value = form[field_name(slot.response.question_id)].data
        if value is not None:
            answers[slot.response.question_id] = value
    return answers


def _rule(problem):
    """A WTForms validator from a domain rule that returns a message or None."""

    def check(form, field):
        message = problem(field.data or "")
        if message:
            raise ValidationError(message)

    return check


class RegisterForm(FlaskForm):
    username = StringField("Username", validators=[DataRequired("Choose a username."),
                                                   _rule(username_problem)])
    password = PasswordField("Password", validators=[DataRequired("Choose a password."),
                                                     _rule(password_problem)])
    confirm = PasswordField("Repeat the password", validators=[
        DataRequired("Repeat the password."),
        EqualTo("password", "The two passwords differ."),
    ])


class PasswordForm(FlaskForm):
    current = PasswordField("Current password",
                            validators=[DataRequired("Enter your current password.")])
    password = PasswordField("New password", validators=[DataRequired("Choose a password."),
                                                         _rule(password_problem)])
    confirm = PasswordField("Repeat the new password", validators=[
        DataRequired("Repeat the password."),
        EqualTo("password", "The two passwords differ."),
    ])


class LoginForm(FlaskForm):
    username = StringField("Username", validators=[DataRequired("Enter your username.")])
    password = PasswordField("Password", validators=[DataRequired("Enter your password.")])
    remember = BooleanField("Keep me signed in on this device")


class StudyAnswerForm(FlaskForm):
    question = HiddenField(filters=[lambda v: _whole_or_none(v)])
    choice = AnswerField("Your answer", coerce=int, choices=[], validate_choice=False)


class QuizSettingsForm(FlaskForm):
    """A quiz's settings; they apply to attempts started after they are saved."""

    questions_per_attempt = IntegerField(
        "Questions per attempt", validators=[Optional(), NumberRange(1, 500,
                                                                      "Use 1 to 500.")],
        description="Leave empty to ask every question.")
    is_shuffle_questions = BooleanField("Shuffle the order of the questions")
    is_shuffle_choices = BooleanField("Shuffle the order of the choices")
    time_limit_minutes = IntegerField(
        "Time limit (minutes)", validators=[Optional(), NumberRange(1, 600, "Use 1 to 600.")],
        description="Leave empty for no limit.")
    attempts_allowed = IntegerField(
        "Attempts allowed", validators=[Optional(), NumberRange(1, 100, "Use 1 to 100.")],
        description="Leave empty for no limit.")
    grading_method = SelectField("Grade across attempts", choices=[
        SelectChoice("highest", "Highest score"), SelectChoice("average", "Average score"),
        SelectChoice("first", "First attempt"), SelectChoice("last", "Last attempt")])
    feedback_mode = SelectField("Feedback", choices=[
        SelectChoice("deferred", "Deferred: everything after submission"),
        SelectChoice("immediate", "Immediate: check each answer, which then locks")])
    layout = SelectField("Layout", choices=[
        SelectChoice("all", "All questions on one page"),
        SelectChoice("one", "One question per page")])


class ArticleImportForm(FlaskForm):
    file = FileField("Upload a .txt, .md or .html file (at most 2 MB)")
    text = TextAreaField("…or paste the article")


CHOICES = 4


def _whole_or_none(value) -> int | None:
    """A row id, or None for anything else (a number too large for the database included)."""
    return int(value) if str(value).isdigit() and int(value) < 2**63 else None


class QuestionForm(FlaskForm):
    """A question as the editor shows it: four choice rows, one marked right; rows left empty
    are dropped, and the whole is validated as a bank question."""

    stem = TextAreaField("Question")
    correct = RadioField("The right answer", coerce=_whole_or_none, validate_choice=False,
                         choices=[SelectChoice(i, f"Choice {i}") for i in range(1, CHOICES + 1)])
    choice_1 = StringField("Choice 1")
    rationale_1 = StringField("Why choice 1 is right or wrong")
    choice_2 = StringField("Choice 2")
    rationale_2 = StringField("Why choice 2 is right or wrong")
    choice_3 = StringField("Choice 3")
    rationale_3 = StringField("Why choice 3 is right or wrong")
    choice_4 = StringField("Choice 4")
    rationale_4 = StringField("Why choice 4 is right or wrong")
    explanation = TextAreaField("Explanation shown after answering")
    topic = StringField("Topic")
    paragraph = IntegerField("Paragraph of the article", validators=[Optional()])

    def choice_rows(self):
        return [(self[f"choice_{i}"], self[f"rationale_{i}"], i) for i in range(1, CHOICES + 1)]

    def to_data(self) -> dict:
        choices = [{"text": self[f"choice_{i}"].data or "", "correct": self.correct.data == i,
                    "rationale": self[f"rationale_{i}"].data or ""}
                   for i in range(1, CHOICES + 1) if (self[f"choice_{i}"].data or "").strip()]
        return {"stem": self.stem.data or "", "explanation": self.explanation.data or "",
                "topic": self.topic.data or "", "paragraph": self.paragraph.data,
                "choices": choices}

    def fill(self, data: dict) -> None:
        self.stem.data, self.explanation.data = data["stem"], data["explanation"]
        self.topic.data, self.paragraph.data = data["topic"], data["paragraph"]
        for i, choice in enumerate(data["choices"][:CHOICES], start=1):
            self[f"choice_{i}"].data, self[f"rationale_{i}"].data = choice["text"], choice[
                "rationale"]
            if choice["correct"]:
                self.correct.data = i


class GiftImportForm(FlaskForm):
    file = FileField("Upload a GIFT file")
    text = TextAreaField("…or paste GIFT text")
