"""Forms. The attempt form is built per attempt: one radio group per question, whose only
acceptable values are the ids of that question's own choices."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, EqualTo, ValidationError

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


class LoginForm(FlaskForm):
    username = StringField("Username", validators=[DataRequired("Enter your username.")])
    password = PasswordField("Password", validators=[DataRequired("Enter your password.")])
    remember = BooleanField("Keep me signed in on this device")
