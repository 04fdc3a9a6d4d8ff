"""The bank lint, rule by rule, on small banks written here: one that trips each rule and
one that does not."""

from app.domain.bank import parse_bank
from app.domain.lint import lint

SAYS = "Wrong: the article gives a different answer, namely the right one."


def q(key, stem, right, *wrong, kind=None, rationale=SAYS):
    """A single-answer question (or `kind`) with its right options first in `right`."""
    rights = right if isinstance(right, list) else [right]
    question = {"key": key, "stem": stem, "explanation": "Why.", "topic": "T",
                "choices": [{"text": t, "correct": True, "rationale": "Right: it says so."}
                            for t in rights]
                + [{"text": t, "correct": False, "rationale": rationale} for t in wrong]}
    if kind:
        question["type"] = kind
    return question


def truefalse(key, stem, true_is_right):
    return {"key": key, "type": "truefalse", "stem": stem, "choices": [
        {"text": "True", "correct": true_is_right, "rationale": SAYS},
        {"text": "False", "correct": not true_is_right, "rationale": SAYS}]}


def run(rule, *questions):
    """The findings of one rule (named as in the findings) on these questions."""
    return [finding for finding in lint(questions) if finding.rule.startswith(rule)]


PROVINCE = q("province", "Which province's party committee wrote the commentary on DeepSeek?",
             "Zhejiang", "Guangdong", "Jiangsu", "Fujian")


def test_a_stem_that_names_another_questions_answer_is_found():
    commentary = q("commentary", "What did the Zhejiang commentary ask for?",
                   "Trust in young talent", "Lower taxes", "Cheaper loans", "Fewer audits")
    [finding] = run("answers-another", PROVINCE, commentary)
    assert finding.rule == "answers-another"
    assert finding.keys == ("province", "commentary") and "zhejiang" in finding.message
    statement = truefalse("claim", "The commentary came from Zhejiang's party committee.", True)
    assert [f.keys for f in run("answers-another", PROVINCE, statement)] == [("province", "claim")]


def test_a_distractor_named_elsewhere_on_another_subject_does_not_hide_the_giveaway():
    with_names = q("author", "Who wrote the commentary urging firms to copy DeepSeek?",
                   "Zhejiang's party committee", "Pavel Durov", "Damien Ma", "Yiran Chen")
    claim = truefalse("claim", "Zhejiang's party committee wrote the commentary.", True)
    elsewhere = q("durov", "What did Pavel Durov credit for China's success?", "Schools",
                  "Chips", "Money", "Luck")
    assert [f.keys for f in run("answers-another", with_names, claim, elsewhere)] == [
        ("author", "claim")]
    rival = truefalse("rival", "Pavel Durov wrote the commentary.", False)
    assert run("answers-another", with_names, claim, rival) == []


def test_an_echo_on_another_subject_or_of_every_option_alike_is_no_giveaway():
    crackdown = q("crackdown", "In what year did the crackdown begin?",
                  "2020", "2018", "2022", "2015")
    others = [q("stem", "In 2020, how many STEM graduates did China produce?", "Many", "Few",
                "None", "Some"),
              q("programs", "How many AI programs were added since 2018?", "2,300", "230",
                "1,000", "5,000")]
    assert run("answers-another", crackdown, *others) == []
    unrelated = q("funding", "How was DeepSeek financed?", "By its parent hedge fund",
                  "By the state", "By Alibaba", "By venture capital")
    assert run("answers-another", PROVINCE, unrelated) == []


def test_a_pointer_with_nothing_before_it_is_found():
    for stem in ("Why has DeepSeek avoided many of these pressures?",
                 "According to the article, where do most of these researchers work?",
                 "What did Chen say about them?"):
        [finding] = run("dangling-reference", q("k", stem, "A", "B", "C", "D"))
        assert finding.rule == "dangling-reference" and finding.keys == ("k",)


def test_a_pointer_with_something_to_point_at_is_fine():
    for stem in ("Which two of these does the article name? Choose two.",
                 "Which of these is true of the crackdown?",
                 "Which three of these people quoted in the article are professors?",
                 "The article names two pressures. Why did DeepSeek avoid these?",
                 "When graduates cannot go abroad, what does Ma expect them to do?",
                 "What is the main point of this article?"):
        assert run("dangling-reference", q("k", stem, "A", "B", "C", "D")) == [], stem


def length_bank(longest_right: int, total: int = 52):
    """`total` four-option questions whose key is the unique longest in `longest_right`."""
    return [q(f"q{n}", "Which?", "A right answer" if n < longest_right else "Right",
              "Wrong", "Amiss", "A wrong answer" if n >= longest_right else "Other")
            for n in range(total)]


def test_the_key_longest_more_often_than_chance_is_found_at_the_stated_threshold():
    [finding] = run("key-", *length_bank(19))
    assert finding.rule == "key-longest" and len(finding.keys) == 19
    assert "19 of 52" in finding.message and "13.0" in finding.message
    assert run("key-", *length_bank(18)) == []


def test_the_key_shortest_too_often_is_found_and_true_false_is_not_counted():
    shortest = [q(f"q{n}", "Which?", "No", "Wrong one", "Amiss here", "Not right")
                for n in range(20)]
    assert [f.rule for f in run("key-", *shortest)] == ["key-shortest"]
    statements = [truefalse(f"t{n}", "A claim.", False) for n in range(40)]  # "False" longer
    assert run("key-", *statements) == []


def test_a_rationale_that_only_says_not_mentioned_is_found():
    for rationale in ("Wrong: this is not mentioned.", "Wrong: Durov did not mention Europe.",
                      "Wrong: the article says nothing of the kind.", "Wrong.", "",
                      "Wrong: no U.S. investors are mentioned."):
        question = q("k", "Why?", "A", "B", "C", "D", rationale=rationale)
        findings = run("thin-rationale", question)
        assert [f.rule for f in findings] == ["thin-rationale"] * 3, rationale


def test_a_rationale_that_says_what_the_article_says_is_fine():
    for rationale in ("Wrong: Europe is not mentioned; the team studied in China.",
                      "Wrong: Durov's comment was about schools, not subsidies.",
                      "Wrong: the article gives 2025 as the target year."):
        assert run("thin-rationale", q("k", "Why?", "A", "B", "C", "D",
                                     rationale=rationale)) == [], rationale


def test_a_key_that_differs_in_form_from_its_distractors_is_found():
    quoted = q("quote", "What did Liang say?", "“Innovation comes by itself”",
               "Planning beats chance", "Teaching drives progress", "Money buys ideas")
    first_word = q("shape", "How does innovation arise?", "On its own",
                   "Through planning", "Through teaching", "Through copying")
    odd_number = q("number", "How did graduates compare?", "More than twice as many",
                   "About three times as many", "Roughly the same number", "Half as many")
    longer = q("long", "Why?", "Because it kept a low profile and aimed at exploration",
               "Luck", "Money", "Size")
    assert [f.message for f in run("odd-form", quoted)] == [
        "a quotation sets the right options apart"]
    assert [f.message for f in run("odd-form", first_word)] == [
        "its first word sets the right options apart"]
    assert [f.message for f in run("odd-form", odd_number)] == [
        'a number sets "Roughly the same number" apart from the others']
    assert [f.message for f in run("odd-form", longer)] == [
        "the right options' length sets them apart"]
    two_numbers = q("multi", "Which two figures does the article give? Choose two.",
                    ["14-fold", "2,300"], "Several", "Many", kind="multiple")
    assert [f.message for f in run("odd-form", two_numbers)] == [
        "a number sets the right options apart"]


def test_options_alike_in_form_and_true_false_are_fine():
    alike = q("alike", "Which year?", "2025", "2030", "2035", "2027")
    varied = q("varied", "How did the founder describe the team?", "All studied in China",
               "Most studied in America", "Some studied in Europe", "Few studied anywhere")
    assert run("odd-form", alike, varied, truefalse("t", "A claim.", True)) == []


def test_a_plural_stem_against_only_one_is_found_and_how_many_is_not():
    ranked = q("rank", "How does the article describe several Chinese universities?",
               "Among the world's best", "Only one ranks highly", "Mid-table", "Rising")
    [finding] = run("stem-rules-out", ranked)
    assert finding.keys == ("rank",) and "several" in finding.message
    count = q("count", "How many of China's universities rank among the best?",
              "Several", "None", "Only one", "All of them")
    assert run("stem-rules-out", count) == []


def test_a_stated_count_must_match_the_right_options():
    two = q("two", "Which two obstacles does the article name? Choose two.",
            ["Culture", "Politics"], "Rents", "Tuition", kind="multiple")
    assert run("stated-count", two) == []
    three = q("three", "Which of these did Ma say? Choose two.",
              ["A", "B", "C"], "D", kind="multiple")
    assert [f.message for f in run("stated-count", three)] == [
        "the stem asks for 2 but 3 options are right"]
    any_number = q("all", "Which of these does the article say? Choose all that apply.",
                   ["A", "B", "C"], "D", kind="multiple")
    single = q("single", "Which two universities did staff attend?", "Tsinghua and Peking",
               "Fudan and Nanjing", "Duke and Stanford", "Wuhan and Sichuan")
    assert run("stated-count", any_number, single) == []
    all_in_single = q("all-single", "Which of these does Ma say? Choose all that apply.",
                      "A", "B", "C", "D")
    assert [f.message for f in run("stated-count", all_in_single)] == [
        'the stem says "all that apply" but one option is right']


def weighted(key, *weights):
    question = q(key, "Which of these does the article name? Choose all that apply.",
                 ["Culture", "Politics"], "Rents", "Tuition", kind="multiple")
    for choice, weight in zip(question["choices"], weights, strict=True):
        choice["fraction"] = weight
    return question


def test_weights_that_reward_ticking_every_option_are_found():
    lenient = weighted("lenient", "50%", "50%", "0%", "-25%")
    [finding] = run("tick-all", lenient)
    assert finding.keys == ("lenient",)
    assert finding.message.startswith("ticking every option earns 75% of the mark")
    strict = weighted("strict", "50%", "50%", "-50%", "-50%")
    harsh = weighted("harsh", "1/2", "1/2", "-1", "0")
    default = q("default", "Which two? Choose two.", ["A", "B"], "C", "D", kind="multiple")
    assert run("tick-all", strict, harsh, default) == []


def test_a_true_false_stem_states_a_claim():
    asked = truefalse("asked", "Did the article call DeepSeek's future certain?", False)
    [finding] = run("truefalse-question", asked)
    assert finding.keys == ("asked",)
    stated = truefalse("stated", "The article calls DeepSeek's future certain.", False)
    single = q("single", "Did Ma found MacroPolo?", "Yes", "No")
    assert run("truefalse-question", stated, single) == []


def test_lint_reads_a_parsed_bank_as_it_reads_the_raw_questions():
    raw = [PROVINCE, q("commentary", "What did the Zhejiang commentary ask for?", "Trust",
                       "Taxes", "Loans", "Audits", rationale="Wrong: not mentioned."),
           weighted("lenient", "50%", "50%", "0%", "-25%"),
           truefalse("asked", "Did the article call DeepSeek's future certain?", False)]
    bank = parse_bank({"quiz": {"slug": "s", "title": "T"}, "questions": raw})
    findings = lint(bank.questions)
    assert findings == lint(raw)
    assert {f.rule for f in findings} == {"answers-another", "thin-rationale", "tick-all",
                                          "truefalse-question"}
