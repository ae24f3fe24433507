"""The knowledge base screen: search as you type, a safe reader, drafts from visits."""

from desktop.kb.draft_dialog import DraftArticleDialog
from desktop.kb.view import KnowledgeBaseView

__all__ = ["DraftArticleDialog", "KnowledgeBaseView"]
