package importfile

// synonym lists the header names, English and German, under which spreadsheets carry a field. CiviCRM's
// labels and machine names are included, so its exports map without help. Names are compared folded (see
// headerKey), so "E-Mail", "e_mail" and "EMAIL" are one entry.
type synonym struct {
	field Field
	key   string
	names []string
}

func synonyms() []synonym {
	return []synonym{
		{field: GivenName, names: []string{"First Name", "Firstname", "First", "Given Name", "Given Names",
			"Forename", "Fname", "Vorname", "Vornamen", "Rufname", "Prénom"}},
		{field: MiddleName, names: []string{"Middle Name", "Middle Names", "Middle", "Middle Initial", "MI",
			"Mname", "Zweiter Vorname", "Weitere Vornamen"}},
		{field: FamilyName, names: []string{"Last Name", "Lastname", "Surname", "Family Name", "Lname",
			"Nachname", "Familienname", "Zuname", "Nom"}},
		{field: FullName, names: []string{"Name", "Full Name", "Display Name", "Contact Name", "Sort Name",
			"Vollständiger Name", "Name, Vorname", "Vorname Name", "Vor- und Nachname", "Vor- und Zuname"}},
		{field: HonorificPrefix, names: []string{"Title", "Prefix", "Name Prefix", "Individual Prefix",
			"prefix_id", "Honorific Prefix", "Titel", "Akademischer Titel", "Namensvorsatz"}},
		{field: HonorificSuffix, names: []string{"Suffix", "Name Suffix", "Individual Suffix", "suffix_id",
			"Honorific Suffix", "Namenszusatz"}},
		{field: Salutation, names: []string{"Salutation", "Anrede"}},
		{field: OrganizationName, names: []string{"Organization", "Organisation", "Organization Name",
			"Organisation Name", "Company", "Company Name", "Firma", "Firmenname", "Unternehmen",
			"Organisationsname"}},
		{field: ContactKind, names: []string{"Contact Type", "Kontaktart", "Kontakttyp"}},
		{field: Gender, names: []string{"Gender", "gender_id", "Sex", "Geschlecht"}},
		{field: BirthDate, names: []string{"Birth Date", "Birthdate", "Date of Birth", "DOB", "Birthday",
			"Geburtsdatum", "Geburtstag", "Geb.", "Geb.-Datum", "Geboren", "Geboren am"}},
		{field: BirthYear, names: []string{"Birth Year", "Year of Birth", "YOB", "Geburtsjahr", "Jahrgang"}},
		{field: DeceasedOn, names: []string{"Deceased Date", "Date of Death", "Death Date", "Deceased On",
			"Sterbedatum", "Todestag", "Verstorben am"}},
		{field: Language, names: []string{"Language", "Preferred Language", "Sprache", "Korrespondenzsprache"}},

		{field: Email, names: []string{"Email", "E-Mail", "Email Address", "E-Mail-Adresse", "Mail",
			"Mail Address", "Emailadresse", "Mailadresse"}},
		{field: Phone, names: []string{"Phone", "Phone Number", "Telephone", "Telephone Number", "Tel",
			"Landline", "Telefon", "Telefonnummer", "Tel.-Nr.", "Rufnummer", "Festnetz", "Festnetznummer",
			"full_phone_number"}},
		{field: Mobile, names: []string{"Mobile", "Mobile Phone", "Mobile Number", "Cell", "Cell Phone",
			"Cellphone", "Handy", "Handynummer", "Mobil", "Mobiltelefon", "Mobilnummer", "Mobilfunknummer"}},
		{field: Street, names: []string{"Street", "Street Address", "Address", "Address Line", "Address Line 1",
			"Address1", "Straße", "Str.", "Straße und Hausnummer", "Straße/Hausnummer", "Straße, Hausnummer",
			"Straße Nr.", "Straße + Hausnummer", "Straße und Hausnr.", "Anschrift", "Adresse", "Adresszeile 1"}},
		{field: HouseNumber, names: []string{"Hausnummer", "Hausnr.", "Haus-Nr.", "Nr.", "HNr", "House Number",
			"House No", "Street Number", "Building Number"}},
		{field: AddressExtra, names: []string{"Address 2", "Address Line 2", "Address2", "Street Address 2",
			"Supplemental Address", "Supplemental Address 1", "Adresszusatz", "Zusatz", "Adresszeile 2",
			"c/o", "Apartment", "Suite"}},
		{field: PostalCode, names: []string{"Postal Code", "Postcode", "Post Code", "ZIP", "ZIP Code",
			"Zipcode", "PLZ", "Postleitzahl"}},
		{field: City, names: []string{"City", "Town", "Locality", "Ort", "Stadt", "Wohnort", "Ortschaft",
			"Gemeinde"}},
		{field: Region, names: []string{"State", "State/Province", "State Province", "Province", "Region",
			"Bundesland", "Kanton"}},
		{field: Country, names: []string{"Country", "Country Code", "Land", "Staat", "Länderkennzeichen"}},

		{field: MemberNumber, names: []string{"Member Number", "Member No", "Member ID", "Membership Number",
			"Membership No", "Mitgliedsnummer", "Mitgliedernummer", "Mitglieds-Nr.", "Mitgliedsnr",
			"Mitgl.-Nr.", "Mitglied-Nr.", "Mitglied Nr"}},
		{field: ExternalID, key: "external", names: []string{"External Identifier", "External ID",
			"Legacy ID", "Old ID", "Externe ID", "Externe Kennung", "Alte ID"}},
		{field: ExternalID, key: "civicrm", names: []string{"Internal Contact ID", "contact_id"}},
		{field: ExternalID, key: "legacy", names: []string{"ID"}},
		{field: UnitCode, names: []string{"Unit", "Unit Code", "Home Unit", "Chapter", "Branch", "Gliederung",
			"Ortsverband", "Kreisverband", "Ortsgruppe", "Verband", "Sektion"}},
		{field: Tags, names: []string{"Tags", "Tag", "Labels", "Schlagworte", "Schlagwörter", "Stichworte",
			"Merkmale", "Kategorien"}},
		{field: MembershipType, names: []string{"Membership Type", "Member Type", "membership_type_id",
			"Membership", "Mitgliedsart", "Mitgliedschaftsart", "Mitgliedstyp", "Art der Mitgliedschaft",
			"Beitragsart"}},
		{field: MembershipStart, names: []string{"Member Since", "Membership Start", "Membership Start Date",
			"membership_start_date", "Start Date", "Join Date", "Joined", "Date Joined", "Eintritt",
			"Eintrittsdatum", "Mitglied seit", "Beitritt", "Beitrittsdatum"}},
		{field: MembershipEnd, names: []string{"Membership End", "Membership End Date", "membership_end_date",
			"End Date", "Expiry Date", "Expires", "Austritt", "Austrittsdatum", "Mitglied bis",
			"Ende der Mitgliedschaft"}},
		{field: Note, names: []string{"Note", "Notes", "Comment", "Comments", "Remarks", "Notiz", "Notizen",
			"Bemerkung", "Bemerkungen", "Kommentar", "Anmerkung", "Anmerkungen"}},

		{field: DoNotEmail, names: []string{"Do Not Email", "No Email", "Email Opt Out", "is_opt_out",
			"No Bulk Emails (User Opt Out)", "Keine E-Mail", "Keine E-Mails"}},
		{field: DoNotPhone, names: []string{"Do Not Phone", "Do Not Call", "No Calls", "Keine Anrufe",
			"Nicht anrufen"}},
		{field: DoNotMail, names: []string{"Do Not Mail", "No Mail", "No Post", "Keine Post", "Keine Briefpost"}},
	}
}
