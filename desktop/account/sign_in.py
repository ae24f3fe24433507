"""Sign in to a helpdesk: URL, user, password or token; test before keeping.

The check talks to the network, so it runs on the thread pool; the dialog
stays responsive and says in plain words what went wrong — a plain http://
address before anything is sent.  The secret goes to the OS keyring only
(sync.session.sign_in), never to a file.  A sign-in that worked but has
something to say (RT knows itself by another address, the admin kit is
incomplete) keeps the dialog open on it until the user presses Continue.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.common.background import BackgroundTasks
from desktop.common.screen_room import grow_to_its_text
from desktop.common.spoken import announce, show_text
from desktop.common.theme import colour
from sync.account import AuthKind, NotSignedIn, load_account, signed_out_owner
from sync.connectors.addresses import (
    EXAMPLE_ADDRESS,
    NoHelpdeskHere,
    insecure_address_problem,
    unencrypted_note,
)
from sync.errors import (
    AdminKitMissing,
    AuthError,
    BadReplyError,
    Cause,
    CsrfRefused,
    NotFoundError,
    OfflineError,
    RetryableError,
    SyncError,
    UntrustedConnection,
)
from sync.profile import Profile
from sync.secrets import SecretStoreUnavailable
from sync.session import SignInResult, check_sign_in, sign_in


def _sentence(error: BaseException) -> str:
    text = str(error)
    return f"{text[:1].upper()}{text[1:]}."


def sign_in_problem(error: BaseException, url: str) -> str:
    """What went wrong, said so the technician knows what to fix."""
    # A certificate, a redirect or RT's forgery protection: the error says what to do.
    if isinstance(error, UntrustedConnection | CsrfRefused):
        return _sentence(error)
    if isinstance(error, AuthError) and error.cause is Cause.WRONG_USER:
        return _sentence(error)  # no such user, or another user's token: the name is wrong
    if isinstance(error, AuthError):
        # RT answers a disabled account like a wrong password: say both.
        return (
            "The helpdesk did not accept this user name and password (or token). If they "
            "are right, ask the RT administrator whether your account is enabled."
        )
    if isinstance(error, OfflineError):
        # Which: a name not found (no network, no VPN), nothing listening, no answer.
        return (
            f"{_sentence(error)} Check the address (e.g. https://helpdesk.example.com) "
            "and that this laptop is online."
        )
    if isinstance(error, NotFoundError | BadReplyError):
        # Said of the address, not of the user: a web server's 404 is not "no such user".
        example = error.example if isinstance(error, NoHelpdeskHere) else EXAMPLE_ADDRESS
        return (
            f"{url} answers, but not like a Request Tracker 5 helpdesk. Check the address: "
            f"it is the one you open RT with in a browser, e.g. {example}."
        )
    if isinstance(error, AdminKitMissing):
        return f"The helpdesk is missing FieldDesk's setup: {error}. Ask your RT administrator."
    if isinstance(error, SecretStoreUnavailable):
        return f"FieldDesk cannot keep your password safely: {error}"
    if isinstance(error, RetryableError):
        return f"The helpdesk at {url} is not working right now ({error}). Try again shortly."
    if isinstance(error, SyncError | ValueError):
        return str(error)
    raise error  # a bug: the crash handler reports it


class SignInDialog(QDialog):
    def __init__(
        self,
        profile: Profile,
        tasks: BackgroundTasks,
        *,
        default_url: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.profile = profile
        self.tasks = tasks
        self.result_info: SignInResult | None = None
        self.setWindowTitle(self.tr("Sign in to your helpdesk"))
        self.setMinimumWidth(520)
        self._build(default_url)
        self._prefill()

    def _build(self, default_url: str) -> None:
        form = self._form(default_url)
        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)  # quotes the helpdesk's words
        self.status.setWordWrap(True)
        # Room for a two-line answer from the start: the buttons no longer jump under it.
        self.status.setMinimumHeight(2 * self.status.fontMetrics().lineSpacing())
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.test_button = QPushButton(self.tr("&Test connection"))
        self.sign_in_button = QPushButton(self.tr("&Sign in"))
        self.test_button.setAutoDefault(False)  # Enter signs in; testing is the extra step
        buttons = QDialogButtonBox()
        buttons.addButton(self.test_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.sign_in_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setAutoDefault(False)
        buttons.rejected.connect(self.reject)
        self.test_button.clicked.connect(self.test_connection)
        self.sign_in_button.clicked.connect(self.submit)
        note = QLabel(
            self.tr("Your password or token is kept in the system keyring, never in a file.")
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: palette(mid);")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        # Default only once the button is in the dialog: before that Qt does not record it
        # and makes the first button in the focus chain (Test connection) the default.
        self.sign_in_button.setDefault(True)

    def _form(self, default_url: str) -> QFormLayout:
        """The fields: the helpdesk, who signs in and how, the secret."""
        self.url = QLineEdit(default_url)
        self.url.setPlaceholderText("https://helpdesk.example.com")
        self.user = QLineEdit()
        self.auth = QComboBox()
        self.auth.addItem(self.tr("Password"), "password")
        self.auth.addItem(self.tr("API token"), "token")
        self.secret = QLineEdit()
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        for widget, name in (
            (self.url, self.tr("Helpdesk address")),
            (self.user, self.tr("User name")),
            (self.auth, self.tr("Sign in with")),
            (self.secret, self.tr("Password or token")),
        ):
            widget.setAccessibleName(name)
            widget.setMinimumHeight(30)
        # Said as the address is typed, before anything is sent: plain http:// to another
        # machine is refused (the secret would cross the network readable), to this
        # laptop it is noted.
        self.transport = QLabel()
        self.transport.setTextFormat(Qt.TextFormat.PlainText)
        self.transport.setWordWrap(True)
        self.transport.hide()
        self.url.textChanged.connect(self._show_transport)
        self.auth.currentIndexChanged.connect(self._show_transport)
        form = QFormLayout()
        form.addRow(self.tr("Helpdesk &address:"), self.url)
        form.addRow("", self.transport)
        form.addRow(self.tr("&User name:"), self.user)
        form.addRow(self.tr("Sign in &with:"), self.auth)
        self.secret_label = QLabel()
        self.secret_label.setBuddy(self.secret)
        form.addRow(self.secret_label, self.secret)
        self.auth.currentIndexChanged.connect(self._name_secret)
        self._name_secret()
        return form

    def _prefill(self) -> None:
        try:
            account = load_account(self.profile)
        except NotSignedIn:
            self._prefill_owner()
            return
        self.url.setText(account.url)
        self.user.setText(account.user)
        self.auth.setCurrentIndex(self.auth.findData(account.auth))
        self.secret.setFocus()

    def _prefill_owner(self) -> None:
        """A profile its user signed out of, keeping the data: for that user alone."""
        owner = signed_out_owner(self.profile)
        if owner is None:
            return
        url, user = owner
        self.url.setText(url)
        self.user.setText(user)
        self._say(
            self.tr(
                "This profile keeps {user}'s visits and unsent work, locked since {user} "
                "signed out. Sign in as {user} to open them; anyone else: Cancel, then New "
                "profile…"
            ).format(user=user)
        )
        self.secret.setFocus()

    def _values(self) -> tuple[str, str, str, AuthKind] | None:
        url, user, secret = self.url.text().strip(), self.user.text().strip(), self.secret.text()
        missing = [
            (name, field)
            for name, value, field in (
                (self.tr("the helpdesk address"), url, self.url),
                (self.tr("your user name"), user, self.user),
                (self.tr("your password or token"), secret, self.secret),
            )
            if not value
        ]
        if missing:
            what = ", ".join(name for name, _field in missing)
            self._say(self.tr("Please enter {what}.").format(what=what), bad=True)
            missing[0][1].setFocus()
            return None
        if not url.startswith(("http://", "https://")):
            url = "https://" + url
            self.url.setText(url)
        problem = insecure_address_problem(url)
        if problem is not None:  # said at once: nothing is sent to such an address
            self._say(f"{problem}.", bad=True)
            self.url.setFocus()
            return None
        auth: AuthKind = "token" if self.auth.currentData() == "token" else "password"
        return url, user, secret, auth

    @Slot()
    def _name_secret(self) -> None:
        """The field says what goes in it: the password, or the API token chosen above."""
        token = self.auth.currentData() == "token"
        self.secret_label.setText(self.tr("API to&ken:") if token else self.tr("&Password:"))
        self.secret.setAccessibleName(self.tr("API token") if token else self.tr("Password"))

    def _show_transport(self) -> None:
        url = self.url.text().strip()
        refused = insecure_address_problem(url) if url.startswith("http://") else None
        note = refused or unencrypted_note(url, str(self.auth.currentData()))
        show_text(self.transport, self.tr("Connection security"), f"⚠ {note}." if note else "")
        self.transport.setStyleSheet(f"color: {colour('overdue' if refused else 'warn').name()};")
        self.transport.setVisible(bool(note))
        grow_to_its_text(self)

    def _say(self, text: str, *, bad: bool = False) -> None:
        show_text(self.status, self.tr("Sign-in result"), text)
        self.status.setStyleSheet(f"color: {colour('overdue').name()};" if bad else "")
        grow_to_its_text(self)
        # The focus goes back to a field: a screen reader reads the outcome out, a refusal
        # at once.
        announce(self, text, urgent=bad)

    def _busy(self, busy: bool, text: str = "") -> None:
        for widget in (self.test_button, self.sign_in_button, self.url, self.user, self.secret):
            widget.setEnabled(not busy)
        if busy:
            self._say(text)

    @Slot()
    def test_connection(self) -> None:
        values = self._values()
        if values is None:
            return
        self._busy(True, self.tr("Checking {url}…").format(url=values[0]))
        task = self.tasks.start(lambda: check_sign_in(*values))
        task.succeeded.connect(self._tested)
        task.failed.connect(self._failed)

    @Slot()
    def submit(self) -> None:
        values = self._values()
        if values is None:
            return
        self._busy(True, self.tr("Signing in to {url}…").format(url=values[0]))
        profile = self.profile
        task = self.tasks.start(lambda: sign_in(profile, *values))
        task.succeeded.connect(self._signed_in)
        task.failed.connect(self._failed)

    def _result_text(self, result: SignInResult) -> str:
        text = self.tr("Connected as {name} ({user}).").format(
            name=result.real_name or result.user, user=result.user
        )
        for warning in result.warnings:
            text += "\n" + self.tr("Note: {warning}.").format(warning=warning)
        return text

    @Slot(object)
    def _tested(self, result: SignInResult) -> None:
        self._busy(False)
        self._say(self._result_text(result))

    @Slot(object)
    def _signed_in(self, result: SignInResult) -> None:
        self._busy(False)
        self.result_info = result
        self._say(self._result_text(result))
        if not result.warnings:
            self.accept()
            return
        # Signed in and saved: read what the helpdesk said, then continue (no way back).
        for widget in (self.url, self.user, self.auth, self.secret):
            widget.setEnabled(False)
        self.test_button.hide()
        self.cancel_button.hide()
        self.sign_in_button.setText(self.tr("&Continue"))
        self.sign_in_button.clicked.disconnect(self.submit)
        self.sign_in_button.clicked.connect(self.accept)
        self.sign_in_button.setFocus()

    def reject(self) -> None:
        """Esc or the window's close button: once signed in, that is Continue."""
        if self.result_info is not None:
            self.accept()
        else:
            super().reject()

    @Slot(object)
    def _failed(self, error: BaseException) -> None:
        self._busy(False)
        self._say(sign_in_problem(error, self.url.text().strip()), bad=True)
        wrong = self._wrong_field(error)
        if wrong is not None:  # straight back to what needs fixing, ready to retype
            wrong.setFocus()
            wrong.selectAll()

    def _wrong_field(self, error: BaseException) -> QLineEdit | None:
        """The field a failed sign-in points at: the address when it is not a reachable RT
        (RT's forgery check is about the address too), the secret when it was refused."""
        if isinstance(
            error, OfflineError | NotFoundError | BadReplyError | UntrustedConnection | CsrfRefused
        ):
            return self.url
        if isinstance(error, AuthError):
            return self.secret
        return None
