// Words for the codes the view-models report (the core's verdicts), in the current language.

function problem(rule) {
    if (!rule) return ""
    if (rule === "form.required") return qsTr("Please fill this in.")
    if (rule.indexOf("gb11643") === 0) return qsTr("This is not a valid resident ID number. Please check it.")
    if (rule.indexOf("mobile") === 0 || rule.indexOf("phone") === 0) return qsTr("This is not a valid mobile number.")
    if (rule === "form.max_length") return qsTr("This is too long.")
    if (rule === "form.date" || rule.indexOf("date") >= 0) return qsTr("Please enter a date as YYYY-MM-DD.")
    if (rule === "form.choice") return qsTr("Please choose one of the options.")
    return qsTr("Please check this entry.")
}

function login(code) {
    if (code === "wrong") return qsTr("Wrong user name or PIN.")
    if (code === "locked") return qsTr("This account is locked after too many wrong PINs. Try later or ask a supervisor.")
    if (code === "role") return qsTr("This account may not open this screen.")
    if (code === "unavailable") return qsTr("Sign-in is not available on this terminal.")
    if (code) return qsTr("Sign-in failed. Please try again.")
    return ""
}

function identify(code) {
    if (!code) return ""
    if (code.indexOf("gb11643") === 0 || code === "invalid_input") return qsTr("This is not a valid resident ID number. Please check it.")
    return qsTr("These details could not be checked. Please check them.")
}

function disposition(d) {
    if (d === "provided") return qsTr("Scanned")
    if (d === "shared") return qsTr("Obtained through data sharing")
    if (d === "reused") return qsTr("Reused from an earlier application")
    if (d === "waived") return qsTr("Waived by a supervisor")
    return qsTr("Not yet provided")
}

function printing(state) {
    if (state === "printing") return qsTr("Printing your slip…")
    if (state === "queued") return qsTr("Your slip is printing. Please take it.")
    if (state === "unavailable") return qsTr("The slip printer is not available. Please write down your case number.")
    if (state === "failed") return qsTr("The slip could not be printed. Staff can reprint it with your case number.")
    return ""
}

function part(key) {
    if (key === "store") return qsTr("Local store")
    if (key === "operators") return qsTr("Operator accounts")
    if (key === "catalog") return qsTr("Service catalogue")
    if (key === "cases") return qsTr("Cases")
    if (key === "cards") return qsTr("Card readers")
    if (key === "scanner") return qsTr("Document camera")
    if (key === "printer") return qsTr("Slip printer")
    if (key === "printer-status") return qsTr("Slip printer status")
    if (key === "sync") return qsTr("Sync to the platform")
    return key
}

function card(state, counter) {    // counter: the clerk reads it, not the citizen
    if (state === "reading") return qsTr("Reading the card… keep it on the reader.")
    if (state === "removed") return counter ? qsTr("No card found. Place the ID card on the reader and try again.")
                                            : qsTr("No card found. Place your ID card on the reader and try again.")
    if (state === "error") return qsTr("The card could not be read. Lift it and place it again.")
    if (state === "denied") return qsTr("The chip did not accept these details. Check the document number and the dates.")
    return ""
}

function verification(v) {
    if (v === "chip_signature_valid") return qsTr("read from the card's chip (signature checked)")
    if (v === "checksums_only") return qsTr("read from the document (check digits only)")
    if (v === "typed") return qsTr("typed in")
    return ""
}

function yesNo(v) {
    if (v === "yes") return qsTr("yes")
    if (v === "no") return qsTr("no")
    return qsTr("unknown")
}

function paper(p) {
    if (p === "ok") return qsTr("ok")
    if (p === "near_end") return qsTr("running low")
    if (p === "out") return qsTr("out")
    return qsTr("unknown")
}

function syncPhase(p) {
    if (p === "not_enrolled") return qsTr("not enrolled with the platform")
    if (p === "idle") return qsTr("idle")
    if (p === "sending") return qsTr("sending")
    if (p === "backoff") return qsTr("waiting to retry")
    if (p === "paused") return qsTr("paused by the platform")
    if (p === "error") return qsTr("error (see the log)")
    if (p === "stopped") return qsTr("stopped")
    return p
}

function caseState(s) {
    if (s === "submitted") return qsTr("received here, waiting to be sent to the department")
    if (s === "delivered") return qsTr("with the department")
    if (s === "accepted") return qsTr("accepted, being processed")
    if (s === "needs_more") return qsTr("more documents needed")
    if (s === "rejected") return qsTr("not approved")
    if (s === "completed") return qsTr("completed")
    if (s === "withdrawn") return qsTr("withdrawn")
    return s
}

function nextStep(s) {
    if (s === "submitted" || s === "delivered" || s === "accepted") return qsTr("Nothing to do now. We will tell you when it is ready.")
    if (s === "needs_more") return qsTr("Please bring the missing documents to a counter. Staff will tell you everything that is needed at once.")
    if (s === "rejected") return qsTr("Please ask at a counter for the reasons and how to appeal.")
    if (s === "completed") return qsTr("Your result is ready. Please collect it at a counter if it is not sent to you.")
    return ""
}

function camera(state) {
    if (state === "connected") return qsTr("Camera ready.")
    if (state === "connecting") return qsTr("Starting the camera…")
    if (state === "ended") return qsTr("The camera stream ended.")
    if (state === "error" || state === "disconnected") return qsTr("The camera is not working. Please ask a member of staff.")
    return ""
}

function quality(problem) {
    if (problem === "blurry") return qsTr("The picture is blurred. Hold the page still.")
    if (problem === "glare") return qsTr("There is glare on the page. Tilt it away from the light.")
    if (problem === "page_cut") return qsTr("Part of the page is outside the picture.")
    if (problem === "page_small") return qsTr("The page is too small. Bring it closer.")
    if (problem === "low_dpi") return qsTr("Too little detail. Bring the page closer.")
    if (problem === "dpi_warn") return qsTr("Detail is just enough; closer would be better.")
    if (problem === "unconfirmed") return qsTr("Is this the page? If it is, touch \"Take the page now\".")
    return qsTr("The page could not be checked. Try again.")
}

// while the camera reads a passport's or card's machine-readable lines
// (devices.scanner.mrz.reading_hint: its own codes, or the quality gate's)
function mrzHint(code) {
    if (code === "looking") return qsTr("No document in view yet.")
    if (code === "hold_still") return qsTr("Document found. Hold it still…")
    if (code === "reading") return qsTr("Reading the lines…")
    if (code === "unreadable") return qsTr("The lines do not read. Lay the page flat and out of reflections, or type the details below.")
    if (code === "") return ""
    return quality(code)
}

function deviceState(s) {
    if (s === "connected") return qsTr("connected")
    if (s === "connecting") return qsTr("connecting")
    if (s === "disconnected") return qsTr("not connected")
    if (s === "error") return qsTr("error")
    return s
}
