# Generates internal/api/openapi.json, the API's OpenAPI 3 document. Edit this file, not the JSON, then run
# python3 tools/openapi.py from the repository root; internal/api/openapi_test.go checks the result against the routes.
import json
S=lambda t,**k: dict(type=t,**k)
str_=S("string"); int_=S("integer",format="int64"); bool_=S("boolean")
date=S("string",format="date",nullable=True); dt=S("string",format="date-time"); dtn=S("string",format="date-time",nullable=True)
ref=lambda n:{"$ref":"#/components/schemas/"+n}
arr=lambda x:S("array",items=x)
obj=lambda props,req=None: dict(type="object",properties=props,**({"required":req} if req else {}))
schemas={
 "ImportBatch": obj({"id":int_,"user_id":int_,"user":str_,"source":str_,"format":str_,"settings":S("object",description="the column mapping and options of the import"),"status":S("string",enum=["running","dry_run","done","failed","undone"]),"dry_run":bool_,"rows_done":S("integer"),"created":S("integer"),"updated":S("integer"),"skipped":S("integer"),"invalid":S("integer"),"out_of_scope":S("integer"),"message":str_,"progress":S("number"),"started_at":dt,"finished_at":dtn,"undone_at":dtn}),
 "ImportRow": obj({"line":S("integer"),"outcome":S("string",enum=["create","update","skip","invalid","out_of_scope"]),"contact_id":int_,"display":str_,"score":S("integer"),"problems":arr(obj({"field":str_,"code":str_,"param":str_}))}),
 "Error": obj({"error":obj({"code":str_,"message":str_,"fields":arr(obj({"field":str_,"code":str_,"message":str_}))})}),
 "UnitRef": obj({"id":int_,"name":str_}),
 "Unit": obj({"id":int_,"parent_id":int_,"name":str_,"kind":str_,"code":str_,"depth":S("integer"),"archived_at":dtn,"created_at":dt,"updated_at":dt}),
 "UnitInput": obj({"parent_id":int_,"name":str_,"kind":str_,"code":str_}),
 "PostalMapping": obj({"postal_code":str_,"unit_id":int_,"unit_name":str_,"place":str_}),
 "Email": obj({"address":str_,"label":str_,"primary":bool_,"do_not_contact":bool_}),
 "Phone": obj({"number":str_,"label":str_,"primary":bool_,"do_not_contact":bool_}),
 "Address": obj({"street":str_,"extra":str_,"postal_code":str_,"city":str_,"region":str_,"country":S("string",description="ISO 3166-1 alpha-2"),"label":str_,"primary":bool_,"do_not_contact":bool_}),
 "ExternalID": obj({"system":str_,"value":str_}),
 "MemberSummary": obj({"status":S("string",enum=["pending","new","current","grace","expired","cancelled","deceased"]),"type":str_,"first_joined":date,"member_since":date,"rejoined_on":date,"paid_up_until":date,"end_date":date,"entitled_to_vote":bool_}),
 "Contact": obj({"id":int_,"kind":S("string",enum=["person","household","organization"]),"home_unit":ref("UnitRef"),"given_name":str_,"middle_name":str_,"family_name":str_,"honorific_prefix":str_,"honorific_suffix":str_,"organization_name":str_,"display_name":str_,"gender":S("string",enum=["","female","male","diverse","other"]),"birth_date":date,"deceased_on":date,"language":str_,"member_number":str_,"emails":arr(ref("Email")),"phones":arr(ref("Phone")),"addresses":arr(ref("Address")),"external_ids":arr(ref("ExternalID")),"tags":arr(str_),"affiliations":arr(ref("UnitRef")),"membership":dict(ref("MemberSummary")),"created_at":dt,"created_by":str_,"updated_at":dt,"updated_by":str_,"deleted_at":dtn,"version":S("integer")}),
 "ContactInput": obj({"kind":str_,"home_unit_id":int_,"given_name":str_,"middle_name":str_,"family_name":str_,"honorific_prefix":str_,"honorific_suffix":str_,"organization_name":str_,"display_name":str_,"gender":str_,"birth_date":date,"deceased_on":date,"language":str_,"member_number":str_,"emails":arr(ref("Email")),"phones":arr(ref("Phone")),"addresses":arr(ref("Address")),"external_ids":arr(ref("ExternalID")),"tags":arr(str_),"affiliation_unit_ids":arr(int_),"version":S("integer",description="optimistic locking: the update fails with 409 when the record moved on")}),
 "ContactSummary": obj({"id":int_,"kind":str_,"display_name":str_,"member_number":str_,"home_unit":ref("UnitRef"),"email":str_,"phone":str_,"postal_code":str_,"city":str_,"status":str_,"deleted_at":dtn}),
 "ContactPage": obj({"contacts":arr(ref("ContactSummary")),"next":S("integer",format="int64",description="pass as `after` for the next page; absent on the last page")}),
 "MembershipType": obj({"id":int_,"name":str_,"duration_months":S("integer"),"grace_days":S("integer"),"new_days":S("integer"),"voting":bool_,"vote_after_days":S("integer"),"requires_dues":bool_,"active":bool_,"created_at":dt,"updated_at":dt}),
 "MembershipTypeInput": obj({"name":str_,"duration_months":S("integer"),"grace_days":S("integer"),"new_days":S("integer"),"voting":bool_,"vote_after_days":S("integer"),"requires_dues":bool_,"active":bool_}),
 "Membership": obj({"id":int_,"contact_id":int_,"type_id":int_,"type_name":str_,"start_date":date,"end_date":date,"paid_until":date,"pending":bool_,"join_method":str_,"end_reason":str_,"notes":str_,"status":str_,"created_at":dt,"updated_at":dt}),
 "MembershipInput": obj({"type_id":int_,"start_date":date,"end_date":date,"paid_until":date,"pending":bool_,"join_method":S("string",enum=["form","online","event","transfer","import","other"]),"end_reason":S("string",enum=["","lapsed","cancelled","expelled","deceased","transferred"]),"notes":str_}),
 "Note": obj({"id":int_,"contact_id":int_,"body":str_,"created_at":dt,"created_by":str_}),
 "Relationship": obj({"id":int_,"contact_id":int_,"kind":str_,"other":ref("UnitRef"),"created_at":dt}),
 "Grant": obj({"id":int_,"user_id":int_,"user_name":str_,"unit":ref("UnitRef"),"role":S("string",enum=["viewer","manager","finance","treasurer","admin"]),"expires_at":dtn,"created_at":dt,"created_by":str_,"revoked_at":dtn}),
 "GrantInput": obj({"user_id":int_,"unit_id":int_,"role":str_,"expires_at":dtn},["user_id","unit_id","role"]),
 "User": obj({"id":int_,"email":str_,"name":str_,"language":str_,"active":bool_,"created_at":dt,"updated_at":dt,"deactivated_at":dtn,"grants":arr(ref("Grant"))}),
 "UserInput": obj({"email":str_,"name":str_,"language":S("string",enum=["en","de"]),"password":str_,"active":bool_}),
 "APIToken": obj({"id":int_,"name":str_,"created_at":dt,"expires_at":dtn,"last_used_at":dtn,"token":S("string",description="the secret; only in the response that creates the token")}),
 "Duplicate": dict(allOf=[ref("ContactSummary"), obj({"reasons":arr(S("string",enum=["email","member_number","name_postal_code"]))})]),
 "ContactFilter": obj({"unit_id":int_,"tag":str_,"statuses":arr(str_),"type_id":int_,"joined_from":date,"joined_to":date,"has_email":bool_,"has_phone":bool_,"trashed":bool_,"sort":S("string",enum=["name","-name","newest"])}),
 "SavedList": obj({"id":int_,"name":str_,"filter":ref("ContactFilter"),"created_at":dt,"updated_at":dt}),
 "UnitCount": obj({"unit_id":int_,"contacts":S("integer"),"members":S("integer",description="members in good standing"),"computed_at":dt}),
 "Session": obj({"id":str_,"created_at":dt,"last_seen_at":dt,"from_address":str_,"user_agent":str_,"current":bool_}),
 "SecondFactors": obj({"totp":bool_,"passkeys":S("integer"),"recovery_codes":S("integer",description="unused ones left")}),
 "Pledge": obj({"version":S("integer"),"title":str_,"body":str_,"published_at":dt}),
 "InvitedGrant": obj({"unit_id":int_,"unit_name":str_,"role":str_,"expires_at":dtn},["unit_id","role"]),
 "Invitation": obj({"id":int_,"email":str_,"name":str_,"grants":arr(ref("InvitedGrant")),"invited_by":str_,"created_at":dt,"expires_at":dt,"accepted_at":dtn,"revoked_at":dtn,"link":S("string",description="only in the response that creates it")}),
 "AccessRequest": obj({"id":int_,"email":str_,"name":str_,"unit":ref("UnitRef"),"role":str_,"until":date,"decision_text":str_,"decision_link":str_,"requested_by":str_,"requested_at":dt,"status":S("string",enum=["pending","approved","rejected"]),"decided_by":str_,"decided_at":dtn,"decision_reason":str_,"invitation_id":int_}),
 "AuditEntry": obj({"id":int_,"at":dt,"actor_id":int_,"actor":str_,"action":str_,"entity_type":str_,"entity_id":int_,"contact_id":int_,"unit_id":int_,"changes":S("object",additionalProperties=obj({"old":{},"new":{}})),"redacted":bool_}),
}
def resp(code,desc,schema=None):
    r={"description":desc}
    if schema: r["content"]={"application/json":{"schema":schema}}
    return {str(code):r}
def errs(*codes):
    d={}
    names={400:"Malformed request",401:"Not signed in",403:"Not allowed",404:"Not found or outside the caller's scope",409:"Conflict with a newer version",413:"Request too large",422:"Invalid fields"}
    for c in codes: d.update(resp(c,names[c],ref("Error")))
    return d
def listof(key,item): return obj({key:arr(item)})
idp={"name":"id","in":"path","required":True,"schema":int_}
def q(name,desc,schema=str_): return {"name":name,"in":"query","required":False,"schema":schema,"description":desc}
body=lambda n: {"required":True,"content":{"application/json":{"schema":ref(n) if isinstance(n,str) else n}}}
flt=[q("unit","only this unit and the units below it",int_),q("tag","only contacts with this tag"),q("status","comma-separated membership statuses; `none` for non-members"),q("type","membership type id of the current membership",int_),q("joined_from","current membership started on or after (YYYY-MM-DD)"),q("joined_to","current membership started on or before (YYYY-MM-DD)"),q("has_email","true: only contacts with an e-mail address"),q("has_phone","true: only contacts with a phone number"),q("trashed","true lists the trash"),q("sort","name (default), -name or newest")]
P={}
def op(path,method,summary,tag,params=None,req=None,ok=None,errors=(401,404),public=False):
    o={"summary":summary,"tags":[tag],"responses":{}}
    if params: o["parameters"]=params
    if req: o["requestBody"]=req
    o["responses"].update(ok)
    o["responses"].update(errs(*errors))
    if public: o["security"]=[]
    P.setdefault(path,{})[method]=o
op("/api/v1/openapi.json","get","This OpenAPI document","meta",ok=resp(200,"The document",S("object")),errors=(),public=True)
op("/api/v1/me","get","The signed-in user, grants and capability roots","me",ok=resp(200,"Me",obj({"user":ref("User"),"capabilities":S("object",additionalProperties=arr(int_))})),errors=(401,))
op("/api/v1/me/tokens","get","List my API tokens","me",ok=resp(200,"Tokens",listof("tokens",ref("APIToken"))),errors=(401,))
op("/api/v1/me/tokens","post","Create a personal API token (the secret is shown once)","me",req=body(obj({"name":str_,"expires_at":dtn})),ok=resp(201,"Created",ref("APIToken")),errors=(400,401,422))
op("/api/v1/me/tokens/{id}","delete","Revoke one of my API tokens","me",[idp],ok=resp(204,"Revoked"))
op("/api/v1/units","get","Units in my scope, parents first","units",[q("archived","true includes archived units")],ok=resp(200,"Units",listof("units",ref("Unit"))),errors=(401,))
op("/api/v1/units","post","Add a unit below a unit I administer","units",req=body("UnitInput"),ok=resp(201,"Created",ref("Unit")),errors=(400,401,422))
op("/api/v1/units/{id}","get","A unit with its path from the root","units",[idp],ok=resp(200,"Unit",ref("Unit")))
op("/api/v1/units/{id}","patch","Rename a unit, change kind or code, or move it (parent_id) with its subtree","units",[idp],body("UnitInput"),resp(200,"Updated",ref("Unit")),(400,401,403,404,422))
op("/api/v1/units/{id}/archive","post","Archive a unit that has no live contacts and no active children","units",[idp],ok=resp(204,"Archived"),errors=(401,403,404,422))
op("/api/v1/units/{id}/restore","post","Restore an archived unit","units",[idp],ok=resp(204,"Restored"),errors=(401,403,404))
op("/api/v1/units/{id}/postal-codes","get","Postal codes mapped to a unit","units",[idp],ok=resp(200,"Postal codes",listof("postal_codes",ref("PostalMapping"))))
op("/api/v1/units/{id}/postal-codes","post","Map postal codes to a unit","units",[idp],body(arr(ref("PostalMapping"))),resp(204,"Mapped"),(400,401,404,422))
op("/api/v1/units/{id}/access","get","Who has live access to a unit (admins)","units",[idp],ok=resp(200,"Grants",listof("grants",ref("Grant"))))
op("/api/v1/postal-codes/{code}/units","get","Units in my write scope that a postal code suggests as home unit","units",[{"name":"code","in":"path","required":True,"schema":str_}],ok=resp(200,"Units",listof("units",ref("PostalMapping"))),errors=(401,422))
op("/api/v1/contacts","get","List contacts in my scope by name (cursor pagination), or quick-search with q","contacts",[q("q","quick search: name prefix, e-mail prefix, member number or postal code"),q("after","contact id from `next` of the previous page",int_),q("limit","page size, 1–200 (default 50)",S("integer"))]+flt,ok=resp(200,"A page",ref("ContactPage")),errors=(401,422))
op("/api/v1/contacts","post","Create a contact; the home unit must lie in my write scope","contacts",req=body("ContactInput"),ok=resp(201,"Created",ref("Contact")),errors=(400,401,413,422))
op("/api/v1/contacts/count","get","Count contacts in my scope","contacts",flt,ok=resp(200,"Count",obj({"count":S("integer")})),errors=(401,422))
op("/api/v1/contacts/export.csv","get","Export the filtered contacts of my scope as CSV (audited)","contacts",flt,ok={"200":{"description":"CSV","content":{"text/csv":{"schema":str_}}}},errors=(401,422))
op("/api/v1/contacts/duplicates","post","Likely duplicates of a contact about to be saved: same e-mail, member number, or family name at the same postal code","contacts",req=body("ContactInput"),ok=resp(200,"Candidates in my scope",listof("duplicates",ref("Duplicate"))),errors=(400,401,422))
op("/api/v1/contacts/tags","post","Add a tag to (or remove it from) many contacts; read-only ones are skipped","contacts",req=body(obj({"ids":arr(int_),"tag":str_,"remove":bool_},["ids","tag"])),ok=resp(200,"Result",obj({"changed":S("integer"),"skipped":S("integer")})),errors=(400,401,404,422))
op("/api/v1/tags","get","All tag names","contacts",ok=resp(200,"Tags",listof("tags",str_)),errors=(401,))
op("/api/v1/lists","get","My saved lists","contacts",ok=resp(200,"Lists",listof("lists",ref("SavedList"))),errors=(401,))
op("/api/v1/lists","post","Save a filter as a named list (replaces a list of the same name)","contacts",req=body(obj({"name":str_,"filter":ref("ContactFilter")},["name"])),ok=resp(201,"Saved",ref("SavedList")),errors=(400,401,422))
op("/api/v1/lists/{id}","delete","Delete one of my saved lists","contacts",[idp],ok=resp(204,"Deleted"))
op("/api/v1/units/counts","get","Contacts and members in good standing per unit of my scope, as last computed","units",ok=resp(200,"Counts",listof("counts",ref("UnitCount"))),errors=(401,))
fmt_=lambda allowed,default: q("format",f"one of {', '.join(allowed)} (default {default})")
binary=lambda types: {"200":{"description":"The file","content":{t:{"schema":S("string",format="binary")} for t in types}}}
op("/api/v1/contacts/export.xlsx","get","Export the filtered contacts of my scope as an Excel workbook (audited)","contacts",flt,ok=binary(["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"]),errors=(401,422))
op("/api/v1/contacts/{id}/data","get","Everything Roster holds about one person, for a data-subject access request (audited)","contacts",[idp,fmt_(["json","pdf"],"json"),q("lang","en or de")],ok=binary(["application/json","application/pdf"]),errors=(401,404,422))
op("/api/v1/units/{id}/accreditation","get","Accreditation list of a unit: members in good standing with entitlement to vote and a signature column (audited)","units",[idp,fmt_(["csv","xlsx","pdf"],"pdf"),q("lang","en or de")],ok=binary(["text/csv","application/vnd.openxmlformats-officedocument.spreadsheetml.sheet","application/pdf"]),errors=(401,404,422))
op("/api/v1/units/{id}/archive","get","Everything in a unit's subtree as a documented ZIP of CSV and JSON, for roster import-archive (audited)","units",[idp],ok=binary(["application/zip"]),errors=(401,404))
op("/api/v1/duplicates","get","Likely duplicate pairs in my scope, best first","contacts",[q("limit","pairs to return, 1–1000 (default 100)",S("integer")),q("unit","only within this unit and the units below it",int_)],ok=resp(200,"Pairs",obj({"pairs":arr(obj({"a":int_,"b":int_,"score":S("integer"),"agree":arr(str_)})),"total":S("integer")})),errors=(401,))
op("/api/v1/imports","post","Import the CSV or XLSX file in the body (dry run or for real) and answer with the finished batch; columns are mapped as suggested from the header unless a mapping is given","imports",[q("filename","the file's name (its extension helps tell the format)"),q("dry_run","true: report only"),q("on_match","skip (default), update, fill or create"),q("unit_id","home unit of rows that name none",int_),q("membership_type","type of memberships started from a start-date column",int_),q("tags","tags for every imported contact, comma-separated"),q("country","ISO code of addresses without a country"),q("mapping","a saved mapping as JSON (see the web UI), re-bound to this file's header")],{"required":True,"content":{"text/csv":{"schema":S("string",format="binary")},"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":{"schema":S("string",format="binary")}}},resp(201,"The finished batch",ref("ImportBatch")),(400,401,403,413,422))
op("/api/v1/imports","get","My recent imports","imports",ok=resp(200,"Imports",listof("imports",ref("ImportBatch"))),errors=(401,))
op("/api/v1/imports/{id}","get","One of my imports with its counts","imports",[idp],ok=resp(200,"Import",ref("ImportBatch")))
op("/api/v1/imports/{id}/rows","get","An import's report, row by row, in file order","imports",[idp,q("outcome","only rows with this outcome"),q("after","file line to continue after",S("integer")),q("limit","rows, 1–1000 (default 100)",S("integer"))],ok=resp(200,"Rows",listof("rows",ref("ImportRow"))))
op("/api/v1/duplicates/merge","post","Merge one contact into another: single-valued fields named in take come from other, lists are joined, memberships, notes, relationships and history move; other is deleted (audited). Both must be editable by the caller","contacts",req=body(obj({"survivor":int_,"other":int_,"versions":S("array",items=S("integer"),minItems=2,maxItems=2,description="versions of survivor and other as read (409 when either changed since)"),"take":arr(S("string",enum=["kind","home_unit","given_name","middle_name","family_name","honorific_prefix","honorific_suffix","organization_name","display_name","gender","birth_date","deceased_on","language","member_number"]))},["survivor","other","versions"])),ok=resp(200,"The surviving contact",ref("Contact")),errors=(400,401,403,404,409,422))
op("/api/v1/duplicates/dismiss","post","Mark two contacts as not duplicates, so that the finder leaves the pair out (audited)","contacts",req=body(obj({"a":int_,"b":int_},["a","b"])),ok=resp(200,"Dismissed",obj({"dismissed":bool_})),errors=(400,401,404,422))
op("/api/v1/archives","post","Load a unit archive (the ZIP in the body, as written by GET /api/v1/units/{id}/archive) as a new unit below parent; all of it or nothing","units",[dict(q("parent","the unit to place the archive's unit below",int_),required=True)],{"required":True,"content":{"application/zip":{"schema":S("string",format="binary")}}},resp(200,"What was loaded",obj({"root_unit":ref("UnitRef"),"rows":S("object",additionalProperties=S("integer"),description="rows per file"),"contacts":S("integer"),"types_created":arr(str_),"types_differing":arr(str_)})),(400,401,403,413,422))
op("/api/v1/imports/{id}/undo","post","Undo an import while its records are unchanged since (409 when some changed)","imports",[idp],ok=resp(204,"Undone"),errors=(401,404,409,422))
op("/api/v1/contacts/{id}","get","A contact with its membership summary","contacts",[idp],ok=resp(200,"Contact",ref("Contact")))
op("/api/v1/contacts/{id}","patch","Change a contact (fields set replace, lists replace whole)","contacts",[idp],body("ContactInput"),resp(200,"Updated",ref("Contact")),(400,401,403,404,409,413,422))
op("/api/v1/contacts/{id}","delete","Move a contact to the trash","contacts",[idp],ok=resp(204,"Trashed"),errors=(401,403,404))
op("/api/v1/contacts/{id}/restore","post","Restore a contact from the trash","contacts",[idp],ok=resp(204,"Restored"),errors=(401,403,404))
op("/api/v1/contacts/{id}/purge","post","Delete a trashed contact for good (admins); its history keeps no personal data","contacts",[idp],ok=resp(204,"Purged"),errors=(401,403,404,422))
op("/api/v1/contacts/{id}/history","get","The contact's audit trail, newest first","contacts",[idp],ok=resp(200,"Entries",listof("entries",ref("AuditEntry"))))
op("/api/v1/contacts/{id}/memberships","get","Membership periods with today's status","memberships",[idp],ok=resp(200,"Periods",listof("memberships",ref("Membership"))))
op("/api/v1/contacts/{id}/memberships","post","Record a membership period","memberships",[idp],body("MembershipInput"),resp(201,"Created",ref("Membership")),(400,401,403,404,422))
op("/api/v1/contacts/{id}/notes","get","Notes, newest first","contacts",[idp],ok=resp(200,"Notes",listof("notes",ref("Note"))))
op("/api/v1/contacts/{id}/notes","post","Add a note","contacts",[idp],body(obj({"body":str_},["body"])),resp(201,"Created",ref("Note")),(400,401,403,404,422))
op("/api/v1/contacts/{id}/relationships","get","Relationships to other contacts in my scope","contacts",[idp],ok=resp(200,"Relationships",listof("relationships",ref("Relationship"))))
op("/api/v1/contacts/{id}/relationships","post","Relate the contact to another contact","contacts",[idp],body(obj({"other_contact_id":int_,"kind":S("string",enum=["household_member","employee","partner","parent","child","related"])},["other_contact_id","kind"])),resp(201,"Created",ref("Relationship")),(400,401,403,404,422))
op("/api/v1/relationships/{id}","delete","Remove a relationship","contacts",[idp],ok=resp(204,"Removed"),errors=(401,403,404))
op("/api/v1/memberships/{id}","patch","Change a membership period (renew, cancel, correct)","memberships",[idp],body("MembershipInput"),resp(200,"Updated",ref("Membership")),(400,401,403,404,422))
op("/api/v1/membership-types","get","Membership types","memberships",ok=resp(200,"Types",listof("membership_types",ref("MembershipType"))),errors=(401,))
op("/api/v1/membership-types","post","Add a membership type (admins of the whole tree)","memberships",req=body("MembershipTypeInput"),ok=resp(201,"Created",ref("MembershipType")),errors=(400,401,403,422))
op("/api/v1/membership-types/{id}","patch","Change a membership type; statuses are re-derived","memberships",[idp],body("MembershipTypeInput"),resp(200,"Updated",ref("MembershipType")),(400,401,403,404,422))
op("/api/v1/users","get","Users I administer","users",ok=resp(200,"Users",listof("users",ref("User"))),errors=(401,403))
op("/api/v1/users","post","Add a user","users",req=body("UserInput"),ok=resp(201,"Created",ref("User")),errors=(400,401,403,422))
op("/api/v1/users/{id}","get","A user with all grants","users",[idp],ok=resp(200,"User",ref("User")))
op("/api/v1/users/{id}","patch","Change a user (profile, password, active)","users",[idp],body("UserInput"),resp(200,"Updated",ref("User")),(400,401,403,404,422))
op("/api/v1/grants","post","Grant a role on a unit (never above my own)","users",req=body("GrantInput"),ok=resp(201,"Created",ref("Grant")),errors=(400,401,422))
op("/api/v1/grants/{id}","delete","Revoke a grant at once","users",[idp],ok=resp(204,"Revoked"))
op("/api/v1/audit","get","Search the audit trail of my scope (admins)","audit",[q("action","e.g. contact.update"),q("entity_type","contact, unit, user, grant …"),q("entity_id","",int_),q("actor","user id",int_),q("since","RFC 3339 time or date"),q("until","RFC 3339 time or date"),q("before","entry id cursor",int_),q("limit","1–500",S("integer"))],ok=resp(200,"Entries",obj({"entries":arr(ref("AuditEntry")),"next_before":int_})),errors=(401,403,422))
op("/api/v1/me/second-factors","get","My enrolled second factors","me",ok=resp(200,"Factors",ref("SecondFactors")),errors=(401,))
op("/api/v1/me/totp","post","Start enrolling an authenticator app: the secret as text and an otpauth:// URI","me",ok=resp(200,"Enrolment",obj({"secret":str_,"uri":str_})),errors=(401,))
op("/api/v1/me/totp/confirm","post","Confirm the app with a first code; returns recovery codes once","me",req=body(obj({"code":str_},["code"])),ok=resp(200,"Confirmed",obj({"recovery_codes":arr(str_)})),errors=(400,401,422))
op("/api/v1/me/recovery-codes","post","Replace my recovery codes (shown once)","me",ok=resp(200,"Codes",obj({"recovery_codes":arr(str_)})),errors=(401,422))
op("/api/v1/me/sessions","get","My signed-in sessions","me",ok=resp(200,"Sessions",listof("sessions",ref("Session"))),errors=(401,))
op("/api/v1/me/sessions","delete","Sign out everywhere","me",ok=resp(204,"Ended"),errors=(401,))
op("/api/v1/me/sessions/{id}","delete","End one of my sessions","me",[{"name":"id","in":"path","required":True,"schema":str_}],ok=resp(204,"Ended"))
op("/api/v1/me/expiring-grants","get","Grants that end within 30 days: mine, and for admins those of their scope","me",ok=resp(200,"Grants",listof("grants",ref("Grant"))),errors=(401,))
op("/api/v1/pledge","get","The current data-protection pledge and whether I must accept it","accounts",ok=resp(200,"Pledge",obj({"pledge":ref("Pledge"),"required":bool_})),errors=(401,))
op("/api/v1/pledge/accept","post","Accept the current pledge version","accounts",req=body(obj({"version":S("integer")},["version"])),ok=resp(204,"Accepted"),errors=(400,401,422))
op("/api/v1/pledge","post","Publish a new pledge version (admins of the whole tree); everyone accepts it again","accounts",req=body(obj({"title":str_,"body":str_},["title","body"])),ok=resp(201,"Published",ref("Pledge")),errors=(400,401,403,422))
op("/api/v1/settings/second-factor","put","Require a second factor for all users (all), some roles (comma-separated) or none","accounts",req=body(obj({"policy":str_})),ok=resp(200,"Set",obj({"policy":str_})),errors=(400,401,403,422))
op("/api/v1/invitations","get","Invitations I sent","accounts",ok=resp(200,"Invitations",listof("invitations",ref("Invitation"))),errors=(401,))
op("/api/v1/invitations","post","Invite a person by e-mail to grants I may give; the single-use link expires after 7 days","accounts",req=body(obj({"email":str_,"name":str_,"grants":arr(ref("InvitedGrant"))},["email","name","grants"])),ok=resp(201,"Invited",ref("Invitation")),errors=(400,401,422))
op("/api/v1/invitations/{id}","delete","Revoke an open invitation","accounts",[idp],ok=resp(204,"Revoked"),errors=(401,404,422))
op("/api/v1/access-requests","get","Access requests for units in my scope (pending=true: only undecided)","accounts",[q("pending","true: only pending ones")],ok=resp(200,"Requests",listof("requests",ref("AccessRequest"))),errors=(401,))
op("/api/v1/access-requests","post","Request access for someone, with the board decision","accounts",req=body("AccessRequest"),ok=resp(201,"Requested",ref("AccessRequest")),errors=(400,401,422))
op("/api/v1/access-requests/{id}/decision","post","Approve (sends an invitation, possibly with another role or end) or reject with a reason","accounts",[idp],body(obj({"approve":bool_,"reason":str_,"role":str_,"until":date})),resp(200,"Decided",ref("AccessRequest")),(400,401,404,422))
op("/api/v1/users/{id}/reset-factors","post","Remove a user's second factors and end their sessions (audited)","users",[idp],ok=resp(204,"Reset"),errors=(401,403,404))
doc={"openapi":"3.0.3","info":{"title":"Roster API","version":"1","description":"Roster's JSON API. Every contact endpoint is scoped to the caller's grants on the unit tree: records outside the scope answer 404, exactly like records that do not exist. Authenticate with a personal API token (`Authorization: Bearer rst_…`) or the browser session cookie. Errors share one format with field-level messages."},
 "servers":[{"url":"/"}],"security":[{"bearer":[]},{"session":[]}],"paths":P,
 "components":{"schemas":schemas,"securitySchemes":{"bearer":{"type":"http","scheme":"bearer","description":"personal API token"},"session":{"type":"apiKey","in":"cookie","name":"roster_session"}}}}
json.dump(doc,open('internal/api/openapi.json','w'),indent=1,ensure_ascii=False)
print(len(P),"paths",sum(len(v) for v in P.values()),"operations")
