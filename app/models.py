"""Typed SQLAlchemy models: the shape of the data, no rules and no commits."""

import secrets
from datetime import UTC, datetime

from flask_login import UserMixin
from sqlalchemy import BigInteger, ForeignKey, Index, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db


def utcnow() -> datetime:
    """Naive UTC, as every timestamp is stored."""
    return datetime.now(UTC).replace(tzinfo=None)


def new_token() -> str:
    return secrets.token_hex(32)


class User(UserMixin, db.Model):
    """A guest has no username and no password; registering fills them in on the same row,
    so a guest's history simply stays theirs. `username_key` is the normalised name that
    uniqueness and every lookup use."""

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str | None] = mapped_column(String(80))
    username_key: Mapped[str | None] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    # the name a guest gave on joining a class (an account is known by its username)
    given_name: Mapped[str | None] = mapped_column(String(80))
    role: Mapped[str] = mapped_column(String(20), default="guest")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    session_token: Mapped[str] = mapped_column(String(64), unique=True, default=new_token)

    # not columns: loaded with the signed-in user for a page (services.accounts.signed_in);
    # None when the request loaded the user alone (views.access.due_cards reads it then)
    due_cards = None
    has_expired = False

    def get_id(self) -> str:
        return self.session_token

    def revoke_sessions(self) -> None:
        """Every session and remember cookie of this user stops working."""
        self.session_token = new_token()

    @property
    def display_name(self) -> str:
        return self.username or "Guest"

    @property
    def is_guest(self) -> bool:
        return self.role == "guest"

    @property
    def is_instructor(self) -> bool:
        return self.role == "instructor"


class Throttle(db.Model):
    """One limit's state for one key (an address, an account at an address, a learner, an
    assignment): the time its bucket is full again, in seconds since the epoch (see
    `domain.throttle`). A row whose time has passed is as good as none and may be removed."""

    __table_args__ = (Index("ix_throttle_until", "until"),)

    scope: Mapped[str] = mapped_column(String(20), primary_key=True)
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    until: Mapped[float]


class Article(db.Model):
    """An article. A bank file names one without its text; an import stores the cleaned text
    with its hash, split into sentences kept as character spans."""

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    source: Mapped[str] = mapped_column(String(300), default="")
    byline: Mapped[str] = mapped_column(String(300), default="")
    text: Mapped[str | None] = mapped_column(Text)
    content_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    imported_at: Mapped[datetime | None]

    sentences: Mapped[list["Sentence"]] = relationship(
        back_populates="article", order_by="Sentence.start"
    )


class Sentence(db.Model):
    """Sentence `position` of paragraph `paragraph` (both from 1): text[start:end]."""

    __table_args__ = (UniqueConstraint("article_id", "paragraph", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("article.id"))
    paragraph: Mapped[int]
    position: Mapped[int]
    start: Mapped[int]
    end: Mapped[int]

    article: Mapped[Article] = relationship(back_populates="sentences")

    @property
    def anchor_id(self) -> str:
        return f"s-{self.paragraph}-{self.position}"


class RejectedDraft(db.Model):
    """A generated draft that failed a check, kept so the instructor can see why."""

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("article.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    stem: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)


class Quiz(db.Model):
    """A quiz belongs to the instructor who made it (`owner_id`); one that belongs to no one
    (the curated quiz, loaded from its bank file) every instructor may see but nobody edits
    from the web (services.quizzes.find)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    article_id: Mapped[int | None] = mapped_column(ForeignKey("article.id"))
    is_published: Mapped[bool] = mapped_column(default=True)
    # on the public home page, or reachable only through its assignments
    is_listed: Mapped[bool] = mapped_column(default=False)
    # Settings; the defaults give every question, on one page, choices shuffled, no limits.
    questions_per_attempt: Mapped[int | None]
    is_shuffle_questions: Mapped[bool] = mapped_column(default=False)
    is_shuffle_choices: Mapped[bool] = mapped_column(default=True)
    time_limit_s: Mapped[int | None]
    attempts_allowed: Mapped[int | None]
    grading_method: Mapped[str] = mapped_column(String(20), default="highest")
    feedback_mode: Mapped[str] = mapped_column(String(20), default="deferred")
    layout: Mapped[str] = mapped_column(String(20), default="all")

    article: Mapped[Article | None] = relationship()
    questions: Mapped[list["Question"]] = relationship(
        back_populates="quiz", order_by="Question.position"
    )


class Assignment(db.Model):
    """A quiz handed to one class by the instructor who made the assignment (only they see
    its gradebook): a join code, an optional window of time for starting attempts, and
    whether guests must give their name."""

    __table_args__ = (Index("ix_assignment_quiz_owner", "quiz_id", "owner_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    quiz_id: Mapped[int] = mapped_column(ForeignKey("quiz.id"))
    owner_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    name: Mapped[str] = mapped_column(String(120))
    code: Mapped[str] = mapped_column(String(20), unique=True)  # stored without dashes
    opens_at: Mapped[datetime | None]
    closes_at: Mapped[datetime | None]
    is_name_required: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    quiz: Mapped[Quiz] = relationship()


class AssignmentMember(db.Model):
    """A learner who joined an assignment: a row of its gradebook from then on."""

    __table_args__ = (UniqueConstraint("assignment_id", "user_id"),
                      Index("ix_assignment_member_user", "user_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignment.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)


class Question(db.Model):
    __table_args__ = (UniqueConstraint("quiz_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    quiz_id: Mapped[int] = mapped_column(ForeignKey("quiz.id"), index=True)
    key: Mapped[str] = mapped_column(String(120))
    position: Mapped[int]
    # single, multiple or truefalse (app.domain.content.TYPES)
    type: Mapped[str] = mapped_column(String(20), default="single", server_default="single")
    stem: Mapped[str] = mapped_column(Text)
    explanation: Mapped[str] = mapped_column(Text, default="")
    topic: Mapped[str] = mapped_column(String(120), default="")
    paragraph: Mapped[int | None]
    anchor: Mapped[str] = mapped_column(String(200), default="")
    origin: Mapped[str] = mapped_column(String(20), default="curated")
    status: Mapped[str] = mapped_column(String(20), default="published")
    sentence_id: Mapped[int | None] = mapped_column(ForeignKey("sentence.id"))

    sentence: Mapped[Sentence | None] = relationship()

    quiz: Mapped[Quiz] = relationship(back_populates="questions")
    choices: Mapped[list["Choice"]] = relationship(
        back_populates="question", order_by="Choice.position"
    )
    revisions: Mapped[list["QuestionRevision"]] = relationship(
        back_populates="question", order_by="QuestionRevision.number"
    )


class QuestionRevision(db.Model):
    """The question as shown, frozen: a new revision is added whenever its content changes."""

    __table_args__ = (UniqueConstraint("question_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id"))
    number: Mapped[int]
    content: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    question: Mapped[Question] = relationship(back_populates="revisions")


class Choice(db.Model):
    __table_args__ = (UniqueConstraint("question_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id"))
    position: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    is_correct: Mapped[bool] = mapped_column(default=False)
    rationale: Mapped[str] = mapped_column(Text, default="")
    # a multiple-answer choice's explicit share of the mark, exact ("1/3", "-1"); None for
    # the default share
    fraction: Mapped[str | None] = mapped_column(String(40))

    question: Mapped[Question] = relationship(back_populates="choices")


class Attempt(db.Model):
    __table_args__ = (
        # a learner's own attempts on a quiz, by submission: three columns, so the planner
        # prefers it to the quiz-wide index below for a learner's history
        Index("ix_attempt_user_quiz_submitted", "user_id", "quiz_id", "submitted_at"),
        Index("ix_attempt_quiz_submitted", "quiz_id", "submitted_at"),
        Index("ix_attempt_assignment_user", "assignment_id", "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    quiz_id: Mapped[int] = mapped_column(ForeignKey("quiz.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    # what the attempt is for; only the kinds in domain.attempts.COUNTED_KINDS count anywhere
    kind: Mapped[str] = mapped_column(String(20), default="graded", server_default="graded")
    # made through an assignment: it belongs to it, and closes when the assignment does
    assignment_id: Mapped[int | None] = mapped_column(ForeignKey("assignment.id"))
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    deadline_at: Mapped[datetime | None]
    submitted_at: Mapped[datetime | None]
    # questions answered fully right, and the marks earned in units of content.MARK_UNIT
    # (partial credit included, exact); both set at submission, out of max_score questions
    score: Mapped[int | None]
    marks: Mapped[int | None] = mapped_column(BigInteger)
    max_score: Mapped[int]
    # bumped by every save of its answers or flags, which holds the row locked until it
    # commits: the saves' order of commit, sent back by autosave so the page shows the
    # answered count of the newest one whatever order the replies arrive in
    saves: Mapped[int] = mapped_column(default=0, server_default="0")

    quiz: Mapped[Quiz] = relationship()
    user: Mapped[User] = relationship()
    responses: Mapped[list["Response"]] = relationship(
        back_populates="attempt", order_by="Response.position"
    )

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class Response(db.Model):
    """One question slot of an attempt: the order shown, the choice made, and at submission
    a snapshot of the grading, which review reads so later edits never rewrite the past."""

    __table_args__ = (UniqueConstraint("attempt_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempt.id"))
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id"), index=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("question_revision.id"))
    position: Mapped[int]
    choice_order: Mapped[str] = mapped_column(String(200))
    choice_id: Mapped[int | None] = mapped_column(ForeignKey("choice.id"))
    # a multiple-answer question's ticked choice ids, ascending, comma-separated ("9,12");
    # None when none is ticked (the other types' one choice is choice_id)
    chosen: Mapped[str | None] = mapped_column(String(200))
    saved_at: Mapped[datetime | None]
    saved_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    checked_at: Mapped[datetime | None]
    # "Flag for later": the learner's mark on a question to come back to, saved like an answer
    is_flagged: Mapped[bool] = mapped_column(default=False, server_default=false())
    flag_seq: Mapped[int] = mapped_column(BigInteger, default=0)  # as saved_seq, for the flag
    correct_choice_id: Mapped[int | None] = mapped_column(ForeignKey("choice.id"))
    is_correct: Mapped[bool | None]
    mark: Mapped[int | None]  # at submission: units of content.MARK_UNIT earned

    attempt: Mapped[Attempt] = relationship(back_populates="responses")
    question: Mapped[Question] = relationship()
    revision: Mapped[QuestionRevision] = relationship()
    choice: Mapped[Choice | None] = relationship(foreign_keys=[choice_id])
    correct_choice: Mapped[Choice | None] = relationship(foreign_keys=[correct_choice_id])

    @property
    def choice_ids(self) -> list[int]:
        return [int(part) for part in self.choice_order.split(",")]


class ReviewCard(db.Model):
    """A learner's spaced-repetition state for one question: the fsrs Card as JSON, with its
    due time copied out so due cards can be found with an index."""

    __table_args__ = (
        UniqueConstraint("user_id", "question_id"),
        Index("ix_review_card_user_due", "user_id", "due_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id"))
    card: Mapped[str] = mapped_column(Text)
    due_at: Mapped[datetime]
    reviews: Mapped[int] = mapped_column(default=0)
    lapses: Mapped[int] = mapped_column(default=0)

    question: Mapped[Question] = relationship()


class ReviewLog(db.Model):
    """Every review, from a quiz or from study, with the card as it was before it, so the
    schedule can be replayed or re-optimised later."""

    __table_args__ = (Index("ix_review_log_card", "card_id", "reviewed_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("review_card.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id"))
    source: Mapped[str] = mapped_column(String(10))
    rating: Mapped[int]
    is_correct: Mapped[bool]  # the whole mark earned (a multiple-answer set exactly right)
    choice_id: Mapped[int | None]
    chosen: Mapped[str | None] = mapped_column(String(200))  # as Response.chosen
    reviewed_at: Mapped[datetime]
    card_before: Mapped[str | None] = mapped_column(Text)

    card: Mapped[ReviewCard] = relationship()


# --- sufficient statistics, kept current on every submission (see app/services/statistics.py)
# Per quiz, per scope (0: the whole quiz; otherwise an assignment's id, for its class alone) and
# per selector (which attempts count: first, highest, last, all). Marks in whole units of
# content.MARK_UNIT (a question's full mark is MARK_UNIT), so every sum is an exact integer.


class QuizStat(db.Model):
    """Count, sum and sum of squares of the counted attempts' totals (the third and fourth
    moments come from ScoreCount)."""

    quiz_id: Mapped[int] = mapped_column(ForeignKey("quiz.id"), primary_key=True)
    scope: Mapped[int] = mapped_column(primary_key=True, default=0)
    selector: Mapped[str] = mapped_column(String(10), primary_key=True)
    n: Mapped[int] = mapped_column(BigInteger, default=0)
    s1: Mapped[int] = mapped_column(BigInteger, default=0)
    s2: Mapped[int] = mapped_column(BigInteger, default=0)


class ScoreCount(db.Model):
    """The histogram of counted totals: how many counted attempts scored `score`."""

    quiz_id: Mapped[int] = mapped_column(ForeignKey("quiz.id"), primary_key=True)
    scope: Mapped[int] = mapped_column(primary_key=True, default=0)
    selector: Mapped[str] = mapped_column(String(10), primary_key=True)
    score: Mapped[int] = mapped_column(primary_key=True)
    n: Mapped[int] = mapped_column(BigInteger, default=0)


class ItemStat(db.Model):
    """Per question: count, sums of its mark x and of the attempt total t, and their products."""

    quiz_id: Mapped[int] = mapped_column(ForeignKey("quiz.id"), primary_key=True)
    scope: Mapped[int] = mapped_column(primary_key=True, default=0)
    selector: Mapped[str] = mapped_column(String(10), primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id"), primary_key=True)
    n: Mapped[int] = mapped_column(BigInteger, default=0)
    sx: Mapped[int] = mapped_column(BigInteger, default=0)
    sxx: Mapped[int] = mapped_column(BigInteger, default=0)
    st: Mapped[int] = mapped_column(BigInteger, default=0)
    stt: Mapped[int] = mapped_column(BigInteger, default=0)
    sxt: Mapped[int] = mapped_column(BigInteger, default=0)


class RestCount(db.Model):
    """Per question, the histogram of the rest-of-test mark (total minus this question's mark)."""

    quiz_id: Mapped[int] = mapped_column(ForeignKey("quiz.id"), primary_key=True)
    scope: Mapped[int] = mapped_column(primary_key=True, default=0)
    selector: Mapped[str] = mapped_column(String(10), primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id"), primary_key=True)
    rest: Mapped[int] = mapped_column(primary_key=True)
    n: Mapped[int] = mapped_column(BigInteger, default=0)


class MarkCount(db.Model):
    """Per question, the histogram of its mark (for the largest covariance its marks allow)."""

    quiz_id: Mapped[int] = mapped_column(ForeignKey("quiz.id"), primary_key=True)
    scope: Mapped[int] = mapped_column(primary_key=True, default=0)
    selector: Mapped[str] = mapped_column(String(10), primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id"), primary_key=True)
    mark: Mapped[int] = mapped_column(primary_key=True)
    n: Mapped[int] = mapped_column(BigInteger, default=0)


class ChoiceCount(db.Model):
    """Per question, how many counted attempts chose each choice (choice_id 0: no answer)."""

    quiz_id: Mapped[int] = mapped_column(ForeignKey("quiz.id"), primary_key=True)
    scope: Mapped[int] = mapped_column(primary_key=True, default=0)
    selector: Mapped[str] = mapped_column(String(10), primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id"), primary_key=True)
    choice_id: Mapped[int] = mapped_column(primary_key=True)
    n: Mapped[int] = mapped_column(BigInteger, default=0)
