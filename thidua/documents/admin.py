from django.contrib import admin

from thidua.documents.models import DocumentTemplate, IssuedDocument, Letterhead


@admin.register(Letterhead)
class LetterheadAdmin(admin.ModelAdmin):
    list_display = ["unit", "place", "issuer_name", "parent_name"]
    search_fields = ["unit__name", "place"]
    raw_id_fields = ["unit"]


@admin.register(DocumentTemplate)
class DocumentTemplateAdmin(admin.ModelAdmin):
    list_display = ["kind", "owner", "original_name", "uploaded_by", "updated_at"]
    list_filter = ["kind"]
    raw_id_fields = ["owner"]


@admin.register(IssuedDocument)
class IssuedDocumentAdmin(admin.ModelAdmin):
    list_display = ["symbol", "kind", "key", "issuer", "issued_on"]
    list_filter = ["kind", "year"]
    raw_id_fields = ["issuer"]
