from django.contrib import admin

from funding.models import Budget, BudgetLine, BudgetSignOff, Contribution, FinancialYear, Outturn


class BudgetLineInline(admin.TabularInline):
    model = BudgetLine
    extra = 0


@admin.register(FinancialYear)
class FinancialYearAdmin(admin.ModelAdmin):
    list_display = ["partnership", "start_year", "split_rule"]
    list_filter = ["partnership"]


@admin.register(Budget)
class BudgetAdmin(admin.ModelAdmin):
    list_display = ["financial_year", "version", "locked_at", "signed_off_at"]
    readonly_fields = ["locked_at", "signed_off_at", "revision"]
    inlines = [BudgetLineInline]


@admin.register(BudgetSignOff)
class BudgetSignOffAdmin(admin.ModelAdmin):
    list_display = ["budget", "signed_by", "agency", "signed_at"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Contribution)
class ContributionAdmin(admin.ModelAdmin):
    list_display = ["financial_year", "agency", "kind", "pledged", "received", "expected_on", "recurring"]
    list_filter = ["kind", "recurring"]


@admin.register(Outturn)
class OutturnAdmin(admin.ModelAdmin):
    list_display = ["financial_year", "category", "amount"]
