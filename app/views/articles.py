"""The reading view: an article with numbered paragraphs, every sentence linkable."""

from flask import Blueprint, abort, render_template
from sqlalchemy import select

from app.extensions import db
from app.models import Article
from app.services.articles import reading_view
from app.views.access import rule

bp = Blueprint("articles", __name__, url_prefix="/articles")


@bp.get("/<slug>")
@rule("public")
def read(slug: str):
    article = db.session.scalar(select(Article).filter_by(slug=slug))
    if article is None or article.text is None:
        abort(404, "There is no such article.")
    return render_template("articles/read.html", article=article,
                           paragraphs=reading_view(article))
