from app.domain.grading import grade_attempt, is_good_score, percentage


def test_all_right():
    grade = grade_attempt({1: 10, 2: 20}, {1: 10, 2: 20})
    assert (grade.score, grade.max_score) == (2, 2)
    assert all(item.is_correct for item in grade.items)


def test_unanswered_and_absent_questions_are_wrong():
    grade = grade_attempt({1: None}, {1: 10, 2: 20, 3: 30})
    assert (grade.score, grade.max_score) == (0, 3)
    assert [item.chosen_choice_id for item in grade.items] == [None, None, None]


def test_one_mark_per_question_and_each_item_records_the_key():
    grade = grade_attempt({1: 11, 2: 20, 3: 30}, {1: 10, 2: 20, 3: 31})
    assert grade.score == 1
    assert [(i.question_id, i.correct_choice_id, i.is_correct) for i in grade.items] == [
        (1, 10, False), (2, 20, True), (3, 31, False)]


def test_answers_to_questions_not_in_the_attempt_do_not_count():
    grade = grade_attempt({1: 10, 99: 990}, {1: 10})
    assert (grade.score, grade.max_score) == (1, 1)


def test_empty_attempt_and_percentage():
    grade = grade_attempt({}, {})
    assert (grade.score, grade.max_score) == (0, 0)
    assert percentage(0, 0) == 0.0
    assert percentage(3, 4) == 75.0


def test_a_good_score_is_eighty_percent_or_more():
    assert is_good_score(percentage(24, 30)) and is_good_score(100.0)
    assert not is_good_score(percentage(23, 30)) and not is_good_score(0.0)
