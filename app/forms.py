"""Forms. The attempt form is built per attempt: one radio group per question, whose only
acceptable values are the ids of that question's own choices."""

from flask_wtf import FlaskForm
from wtforms import RadioField
from wtforms.fields.choices import SelectChoice


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
        field_name(slot.question.id): AnswerField(
            slot.question.stem,
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
        value = form[field_name(slot.question.id)].data
        if value is not None:
            answers[slot.question.id] = value
    return answers
