"""Forms of the merchants' space."""

from django import forms
from django.utils.translation import gettext_lazy as _

from community.models import CommunityPost, CommunityReply


class CommunityPostForm(forms.ModelForm):
    class Meta:
        model = CommunityPost
        fields = ("kind", "title", "text")
        widgets = {"text": forms.Textarea(attrs={"rows": 5})}


class CommunityReplyForm(forms.ModelForm):
    class Meta:
        model = CommunityReply
        fields = ("text",)
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


class HideForm(forms.Form):
    reason = forms.CharField(label=_("Why (the merchant reads it)"), max_length=300)
