from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from safeguarding import views

# The admin site signs in through allauth, so its rate limits and MFA apply there too.
admin.autodiscover()
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "Safeguarding Partnership Portal administration"

urlpatterns = [
    path("", views.home, name="home"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("healthz/", views.healthz, name="healthz"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("partners/", include("partners.urls")),
    path("challenges/", include("partners.challenge_urls")),
    path("reviews/", include("reviews.urls")),
    path("audits/", include("audits.urls")),
    path("funding/", include("funding.urls")),
    path("reports/", include("reports.urls")),
    path("public/", include("reports.public_urls")),
]
