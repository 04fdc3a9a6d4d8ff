"""The editor and the types of question: a kind selector, single answer with a radio button,
multiple answer with checkboxes and optional weights and its grading told, true/false with
its two fixed rows; each saved when valid as the bank is, refused with its rule otherwise."""

import re
from fractions import Fraction

from markupsafe import escape
from sqlalchemy import select

from app.domain.content import QuestionContent
from app.extensions import db
from app.models import Question
from tests.conftest import csrf_token
from tests.test_articles import counts

URL = "/instructor/quizzes/deepseek-education/questions"
NEW = f"{URL}/new"


def post(client, url=NEW, **fields):
    data = {"csrf_token": csrf_token(client, url), "type": "multiple",
            "stem": "Which two ports have robots? Choose two.", "choice_1": "Kessel",
            "choice_2": "Bergen", "choice_3": "Oslo", "choice_4": "Turku",
            "rationale_1": "Right: it has many.", "rationale_2": "Wrong: it has none.",
            "correct": ["1", "3"], "explanation": "Kessel and Oslo have robots.",
            "topic": "Ports", "paragraph": "3"}
    data.update(fields)
    return client.post(url, data={k: v for k, v in data.items() if v is not None})


def stored(app, stem="Which two ports have robots? Choose two."):
    with app.app_context():
        question = db.session.scalar(select(Question).filter_by(stem=stem))
        return question.id, question.type, [(c.text, c.is_correct, c.fraction)
                                            for c in question.choices], QuestionContent.from_json(
            question.revisions[-1].content)


def checked(page: str, kind: str) -> list[str]:
    return re.findall(rf'type="{kind}" name="correct" value="(\d+)" checked', page)


def test_the_editor_offers_every_kind_and_draws_the_form_of_each(seed_quiz):
    page = seed_quiz.get(NEW).get_data(as_text=True)
    assert re.findall(r'<option (?:selected )?value="(\w+)"', page) == [
        "single", "multiple", "truefalse"]
    assert page.count('type="radio" name="correct"') == 4 and "weight_1" not in page
    multiple = seed_quiz.get(f"{NEW}?type=multiple").get_data(as_text=True)
    assert multiple.count('type="checkbox" name="correct"') == 4
    assert 'name="weight_4"' in multiple and "tick every right one" in multiple
    assert "How it will be graded:</strong> Partial credit" in multiple
    truefalse = seed_quiz.get(f"{NEW}?type=truefalse").get_data(as_text=True)
    assert truefalse.count('type="radio" name="correct"') == 2
    assert "The statement is true" in truefalse and "The statement is false" in truefalse
    assert 'name="choice_1"' not in truefalse and 'name="more"' not in truefalse
    assert "Feedback for a learner who answers “False”" in truefalse


def test_a_multiple_answer_question_is_written_with_checkboxes_and_says_how_it_is_graded(
        app, seed_quiz):
    assert post(seed_quiz).status_code == 303
    question_id, kind, choices, shown = stored(app)
    assert kind == "multiple" and shown.type == "multiple"
    assert choices == [("Kessel", True, None), ("Bergen", False, None), ("Oslo", True, None),
                       ("Turku", False, None)]
    page = seed_quiz.get(f"{URL}/{question_id}/edit").get_data(as_text=True)
    assert checked(page, "checkbox") == ["1", "3"] and 'id="later-type"' not in page
    assert ("each right option a learner ticks earns 50% of the mark, each wrong one ticked "
            "takes 50% away, and the mark is never below 0 (ticking every option earns 0)"
            ) in page


def test_weights_for_experts_are_checked_and_kept(app, seed_quiz):
    before = counts(app)
    response = post(seed_quiz, weight_1="75", weight_2="-100%", weight_3="25")
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "give every choice a weight, or none" in page
    assert 'name="weight_2" type="text" value="-100%"' in page      # what was typed is kept
    assert checked(page, "checkbox") == ["1", "3"]
    for weights, says in [(("75", "-100", "35", "0"), "weights add up to 110%, not 100%"),
                          (("75", "-100", "twenty", "0"), "choice 3&#39;s weight must be"),
                          (("75", "10", "25", "0"), "choice 2 is wrong, so its weight must "
                                                    "be 0% or below")]:
        response = post(seed_quiz, **{f"weight_{i}": w for i, w in enumerate(weights, 1)})
        assert response.status_code == 422 and says in response.get_data(as_text=True)
    assert counts(app) == before
    assert post(seed_quiz, weight_1="75", weight_2="-100", weight_3="25%",
                weight_4="0").status_code == 303
    question_id, _, choices, shown = stored(app)
    assert [c[2] for c in choices] == ["3/4", "-1", "1/4", "0"]
    assert shown.fractions == (Fraction(3, 4), -1, Fraction(1, 4), 0)
    page = seed_quiz.get(f"{URL}/{question_id}/edit").get_data(as_text=True)
    assert [re.search(rf'name="weight_{i}" type="text" value="([^"]*)"', page).group(1)
            for i in range(1, 5)] == ["75", "-100", "25", "0"]
    assert "“Kessel” 75%; “Bergen” -100%; “Oslo” 25%; “Turku” 0%" in page


def test_a_true_false_question_has_its_two_rows_and_one_right_answer(app, seed_quiz):
    stem = "Kessel has no robots."
    response = post(seed_quiz, type="truefalse", stem=stem, correct="1", choice_1="Yes",
                    rationale_1="Wrong: it has many.", rationale_2="Right: it has many.",
                    choice_3=None, choice_4=None)
    assert response.status_code == 303
    question_id, kind, choices, shown = stored(app, stem)
    assert kind == "truefalse" and shown.keeps_order
    assert choices == [("True", True, None), ("False", False, None)]
    page = seed_quiz.get(f"{URL}/{question_id}/edit").get_data(as_text=True)
    assert checked(page, "radio") == ["1"]
    assert 'value="Right: it has many."' in page
    response = post(seed_quiz, f"{URL}/{question_id}/edit", type="truefalse", stem=stem,
                    correct=["1", "2"])
    assert response.status_code == 422
    assert "more than one correct choice" in response.get_data(as_text=True)


def test_a_single_answer_question_becomes_multiple_answer_keeping_its_right_choice(app,
                                                                                    seed_quiz):
    with app.app_context():
        question = db.session.scalar(select(Question).filter_by(key="durov-reform-warning"))
        right = [str(i) for i, c in enumerate(question.choices, 1) if c.is_correct]
    url = f"{URL}/{question.id}/edit"
    page = seed_quiz.get(f"{url}?type=multiple").get_data(as_text=True)
    assert checked(page, "checkbox") == right and "earns 100% of the mark" in page
    page = post(seed_quiz, url, stem=question.stem, more="1", correct=right).get_data(
        as_text=True)
    assert page.count('type="checkbox" name="correct"') == 5      # a row added, still multiple
    assert post(seed_quiz, url, stem=question.stem, correct=right).status_code == 303
    with app.app_context():
        question = db.session.get(Question, question.id)
        assert question.type == "multiple" and len(question.revisions) == 2
        assert QuestionContent.from_json(question.revisions[0].content).type == "single"


def test_an_unknown_kind_is_refused_as_the_bank_refuses_it(app, seed_quiz):
    response = post(seed_quiz, type="essay", correct="1")
    assert response.status_code == 422
    assert "type must be one of single, multiple, truefalse" in response.get_data(as_text=True)


def test_another_type_chosen_before_saving_redraws_the_form_and_saves_nothing(app,
                                                                             seed_quiz):
    """A teacher picks "Multiple answer" on a single-answer form and presses Save (or Enter):
    nothing is saved as the wrong type; the form comes back as checkboxes with what they
    wrote, saying so; the next save stores the new type. The list then names each type."""
    with app.app_context():
        before = db.session.scalar(select(db.func.count(Question.id)))
    redrawn = post(seed_quiz, shown="single", correct="1")
    page = redrawn.get_data(as_text=True)
    assert redrawn.status_code == 200 and 'id="retyped"' in page
    assert "the form now shows a multiple answer question" in page
    assert page.count('type="checkbox" name="correct"') == 4
    assert 'value="Kessel"' in page and "Which two ports have robots? Choose two." in page
    assert '<input type="hidden" name="shown" value="multiple">' in page
    with app.app_context():
        assert db.session.scalar(select(db.func.count(Question.id))) == before
    saved = post(seed_quiz, shown="multiple")
    assert saved.status_code == 303
    question_id, kind, choices, _ = stored(app)
    assert kind == "multiple" and [c[1] for c in choices] == [True, False, True, False]
    listing = seed_quiz.get(URL).get_data(as_text=True)
    card = listing.split(f'id="q-{question_id}">', 1)[1].split('<div class="actions', 1)[0]
    assert '<p class="meta">Multiple answer · Ports' in card


def test_a_count_the_stem_states_must_match_the_right_options(app, seed_quiz):
    """"Choose two." with one option marked right would tell learners to tick two and cost
    them marks for it: refused, saying so, nothing saved."""
    refused = post(seed_quiz, correct=["1"])
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert page.count("The stem asks for 2 but 1 option is right.") == 1
    with app.app_context():
        assert db.session.scalar(select(Question).filter_by(
            stem="Which two ports have robots? Choose two.")) is None
    assert post(seed_quiz, correct=["1", "3"]).status_code == 303


def test_a_written_question_is_tied_to_the_sentence_its_words_come_from(app, seed_quiz,
                                                                        runner):
    """The teacher copies a few words of a sentence: the question is tied to it (the list
    links its source sentence, the review quotes it); words in no sentence, or in several,
    are refused saying so, and nothing is saved."""
    from app.domain.articles import sentence_finder
    from app.models import Article, Sentence
    from tests.seed import SEED_DIR

    assert runner.invoke(args=["articles", "import",
                               str(sorted(SEED_DIR.glob("*.txt"))[0])]).exit_code == 0
    with app.app_context():
        article = db.session.scalar(select(Article).where(Article.text.is_not(None)))
        sentences = db.session.scalars(select(Sentence).filter_by(article_id=article.id)).all()
        find = sentence_finder(article.text, sentences)
        words, target = next(
            (words, s.id) for s in sentences[5:]
            for words in [" ".join(article.text[s.start:s.end].split()[1:6])]
            if find(words) is s)
    refused = post(seed_quiz, anchor="words found in no sentence at all")
    assert refused.status_code == 422
    assert "are not in exactly one sentence of the article" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Question).filter_by(
            stem="Which two ports have robots? Choose two.")) is None
    assert post(seed_quiz, anchor=words).status_code == 303
    question_id, _, _, content = stored(app)
    with app.app_context():
        assert db.session.get(Question, question_id).sentence_id == target
    assert content.anchor == words
    listing = seed_quiz.get(URL).get_data(as_text=True)
    card = listing.split(f'id="q-{question_id}">', 1)[1].split('<div class="actions', 1)[0]
    assert "source sentence</a>" in card
    edit = seed_quiz.get(f"{URL}/{question_id}/edit").get_data(as_text=True)
    assert f'value="{escape(words)}"' in edit     # kept when the question is edited again
