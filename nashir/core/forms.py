from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm


class ArabicLoginForm(LoginForm):
    """Wagtail's login form, whose password field has no translatable label."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("كلمة المرور")
