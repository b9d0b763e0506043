"""Sign-in form tweaks: GOV.UK forms use labels and hints, not placeholders."""

from allauth.account.forms import LoginForm as AllauthLoginForm


class LoginForm(AllauthLoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = "E-mail address"
        self.fields["login"].widget.attrs.pop("placeholder", None)
        self.fields["login"].widget.attrs["spellcheck"] = "false"
        self.fields["password"].widget.attrs.pop("placeholder", None)
        self.fields["password"].help_text = ""
