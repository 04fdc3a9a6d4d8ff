"""Loading the bank: validated whole before writing, updated in place by key, history kept."""

import json
from fractions import Fraction
from importlib import resources

from sqlalchemy import func, select

from app.domain.content import QuestionContent
from app.extensions import db
from app.models import Attempt, Choice, Question, Response
from tests.learner import Learner

CURATED = json.loads(
    resources.files("app.content").joinpath("deepseek_education.json").read_text()
)


def write_bank(tmp_path, data) -> str:
    path = tmp_path / "bank.json"
    path.write_text(json.dumps(data))
    return str(path)


def snapshot(app):
    with app.app_context():
        return {
            "questions": db.session.execute(
                select(Question.id, Question.key, Question.stem, Question.status)
                .order_by(Question.id)).all(),
            "choices": db.session.execute(
                select(Choice.id, Choice.text, Choice.is_correct).order_by(Choice.id)).all(),
        }


def test_loading_again_updates_in_place_and_keeps_ids(app, runner):
    before = snapshot(app)
    result = runner.invoke(args=["bank", "load"])
    assert result.exit_code == 0
    assert f"0 questions added, {len(CURATED['questions'])} updated, 0 retired" in result.output
    assert snapshot(app) == before


def test_an_invalid_bank_names_the_question_and_writes_nothing(app, runner, tmp_path):
    data = json.loads(json.dumps(CURATED))
    data["questions"][0]["stem"] = "An edit that must not land?"
    data["questions"][4]["choices"][0]["correct"] = True
    data["questions"][4]["choices"][1]["correct"] = True
    data["questions"][7]["key"] = data["questions"][6]["key"]
    data["questions"][9]["choices"] = data["questions"][9]["choices"][:1]
    before = snapshot(app)
    result = runner.invoke(args=["bank", "load", write_bank(tmp_path, data)])
    assert result.exit_code != 0
    assert "nothing was loaded" in result.output
    assert f'question 5 ("{data["questions"][4]["key"]}"): more than one correct' in result.output
    assert f'question 8 ("{data["questions"][7]["key"]}"): duplicate key' in result.output
    assert f'question 10 ("{data["questions"][9]["key"]}"): fewer than two' in result.output
    assert snapshot(app) == before


def test_malformed_json_is_refused_with_a_message(app, runner, tmp_path):
    path = tmp_path / "bank.json"
    path.write_text("{not json")
    result = runner.invoke(args=["bank", "load", str(path)])
    assert result.exit_code != 0 and "not valid JSON" in result.output


def test_reloading_an_edited_bank_never_touches_past_attempts(app, client, runner, tmp_path):
    learner = Learner(app, client)
    attempt_id = learner.start()
    learner.post(attempt_id, learner.choices(attempt_id, True), action="confirm")
    with app.app_context():
        score_before = db.session.get(Attempt, attempt_id).score
        snap_before = db.session.execute(
            select(Response.question_id, Response.choice_id, Response.correct_choice_id,
                   Response.is_correct).order_by(Response.id)).all()

    data = json.loads(json.dumps(CURATED))
    first = data["questions"][0]
    first["stem"] = "A reworded first question?"
    for choice in first["choices"]:  # move the right answer to another choice
        choice["correct"] = not choice["correct"] if choice["correct"] else False
    first["choices"][(next(i for i, c in enumerate(CURATED["questions"][0]["choices"])
                           if c["correct"]) + 1) % 4]["correct"] = True
    dropped = data["questions"].pop()
    result = runner.invoke(args=["bank", "load", write_bank(tmp_path, data)])
    assert result.exit_code == 0, result.output
    assert "1 retired" in result.output

    with app.app_context():
        assert db.session.get(Attempt, attempt_id).score == score_before
        assert db.session.execute(
            select(Response.question_id, Response.choice_id, Response.correct_choice_id,
                   Response.is_correct).order_by(Response.id)).all() == snap_before
        retired = db.session.scalar(select(Question).filter_by(key=dropped["key"]))
        assert retired.status == "retired"
        edited = db.session.scalar(select(Question).filter_by(key=first["key"]))
        assert edited.stem == "A reworded first question?"
    html = client.get(f"/attempts/{attempt_id}/result").get_data(as_text=True)
    assert f"{score_before} / {score_before}" in html

    # a new attempt uses the edited bank: the retired question is no longer asked
    second = learner.start()
    with app.app_context():
        assert db.session.scalar(
            select(func.count(Response.id)).filter_by(attempt_id=second)
        ) == len(data["questions"])


def test_a_choice_answered_in_the_past_cannot_be_removed(app, client, runner, tmp_path):
    learner = Learner(app, client)
    attempt_id = learner.start()
    learner.post(attempt_id, learner.choices(attempt_id, False), action="confirm")
    data = json.loads(json.dumps(CURATED))
    for q in data["questions"]:
        if q.get("type") != "truefalse":  # its two choices are fixed
            q["choices"] = [c for c in q["choices"] if c["correct"]] + [
                c for c in q["choices"] if not c["correct"]][:1]
    before = snapshot(app)
    result = runner.invoke(args=["bank", "load", write_bank(tmp_path, data)])
    assert result.exit_code != 0
    assert "cannot be removed" in result.output
    assert snapshot(app) == before


def test_the_curated_quiz_draws_30_questions_and_keeps_the_instructors_settings(tmp_path):
    from app.models import Quiz
    from tests.conftest import make_app

    app = make_app(tmp_path / "fresh.db")
    runner = app.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    assert runner.invoke(args=["bank", "load"]).exit_code == 0
    with app.app_context():
        quiz = db.session.scalar(select(Quiz))
        assert (quiz.questions_per_attempt, quiz.grading_method) == (30, "highest")
        quiz.questions_per_attempt, quiz.grading_method = 12, "last"
        db.session.commit()
    assert runner.invoke(args=["bank", "load"]).exit_code == 0   # as make run does each time
    with app.app_context():
        quiz = db.session.scalar(select(Quiz))
        assert (quiz.questions_per_attempt, quiz.grading_method) == (12, "last")
        db.engine.dispose()


def test_loading_prints_the_lints_findings_as_warnings_and_still_loads(app, runner, tmp_path):
    data = json.loads(json.dumps(CURATED))
    first = data["questions"][0]
    first["key"] = "a-new-flawed-question"
    next(c for c in first["choices"] if not c["correct"])["rationale"] = "Wrong: not mentioned."
    result = runner.invoke(args=["bank", "load", write_bank(tmp_path, data)])
    assert result.exit_code == 0, result.output
    assert "warning: thin-rationale [a-new-flawed-question]" in result.output
    assert "1 questions added" in result.output
    with app.app_context():
        assert db.session.scalar(select(Question).filter_by(key="a-new-flawed-question"))


TYPES_BANK = {
    "quiz": {"slug": "types", "title": "Every type"},
    "questions": [
        {"key": "one", "stem": "Which port has the most robots?", "topic": "Ports",
         "choices": [{"text": "Kessel", "correct": True, "rationale": "It says so."},
                     {"text": "Bergen", "correct": False, "rationale": "Bergen has few."}]},
        {"key": "many", "type": "multiple", "stem": "Which two ports have robots? Choose two.",
         "topic": "Ports", "paragraph": 2,
         "choices": [{"text": "Kessel", "correct": True, "rationale": "Yes.", "fraction": "2/3"},
                     {"text": "Oslo", "correct": True, "rationale": "Yes.", "fraction": "1/3"},
                     {"text": "Bergen", "correct": False, "rationale": "No.", "fraction": "-1"}]},
        {"key": "tf", "type": "truefalse", "stem": "Kessel has the most robots.",
         "topic": "Ports",
         "choices": [{"text": "True", "correct": False, "rationale": "Oslo has more."},
                     {"text": "False", "correct": True, "rationale": "Right: Oslo has more."}]},
    ],
}


def test_every_type_is_stored_as_loaded_and_loading_again_changes_nothing(app, runner, tmp_path,
                                                                          instructor):
    from app.models import QuestionRevision

    path = write_bank(tmp_path, TYPES_BANK)
    assert runner.invoke(args=["bank", "load", path]).exit_code == 0
    exported = instructor.get("/instructor/quizzes/types/export.json").get_json()
    assert exported["questions"] == [{"paragraph": None, "anchor": "", "explanation": "", **q}
                                     for q in TYPES_BANK["questions"]]
    with app.app_context():
        shown = {key: QuestionContent.from_json(text) for key, text in db.session.execute(
            select(Question.key, QuestionRevision.content).join(QuestionRevision.question))}
        revisions = db.session.scalar(select(func.count(QuestionRevision.id)))
    assert [shown[key].type for key in ("one", "many", "tf")] == ["single", "multiple",
                                                                   "truefalse"]
    assert shown["many"].fractions == (Fraction(2, 3), Fraction(1, 3), -1)
    assert shown["tf"].fractions == (0, 1)
    result = runner.invoke(args=["bank", "load", path])
    assert "0 questions added, 3 updated, 0 retired" in result.output
    assert runner.invoke(args=["bank", "load"]).exit_code == 0  # the curated bank: single
    with app.app_context():
        assert db.session.scalar(select(func.count(QuestionRevision.id))) == revisions
