from django.contrib import admin

from trusts.models import ICB, Region, Trust


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("name", "code")
    search_fields = ("name", "code")


@admin.register(ICB)
class ICBAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "region")
    list_filter = ("region",)
    list_select_related = ("region",)
    search_fields = ("name", "code")


@admin.register(Trust)
class TrustAdmin(admin.ModelAdmin):
    list_display = ("name", "ods_code", "league", "subtype", "region", "icb", "closed", "is_demo")
    list_filter = ("league", "subtype", "region", "is_demo", ("closed", admin.EmptyFieldListFilter))
    list_select_related = ("region", "icb")
    search_fields = ("name", "short_name", "ods_code", "postcode")
    autocomplete_fields = ("successor",)
    readonly_fields = ("is_demo",)
    ordering = ("name",)

    def has_delete_permission(self, request, obj=None) -> bool:
        # A trust keeps its history: close it (and name its successor) instead of deleting it.
        return False
