"""Account forms. Labels use the words of the public FinPro guide."""

from allauth.account.forms import LoginForm


class SignInForm(LoginForm):
    """allauth's sign-in form, with the FinPro User ID label."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = "User ID"
        self.fields["login"].widget.attrs.update({"placeholder": "", "autocomplete": "username"})
        self.fields["password"].widget.attrs.update({"placeholder": ""})
