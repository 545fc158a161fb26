import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "../components"
import "../components/words.js" as Words

Page {
    title: qsTr("Technician")
    help: qsTr("Parts of the system, the sync queue and the recent log. No personal data is shown here.")
    Component.onCompleted: tech.refresh()
    Component.onDestruction: if (tech) tech.stopCameraTest()

    KText { Layout.fillWidth: true; text: qsTr("Parts"); font.bold: true }
    Flow {
        id: partsFlow
        Layout.fillWidth: true
        spacing: app.sizes.spacing * 2
        Repeater {
        model: tech.parts
        KText {
            required property var modelData
            width: Math.min(implicitWidth, partsFlow.width)
            wrapMode: Text.WordWrap
            text: Words.part(modelData.key) + ": " + (modelData.state === "available" ? qsTr("installed")
                  : modelData.state === "unavailable" ? qsTr("not installed") : modelData.state)
                  + (modelData.detail ? " (" + modelData.detail + ")" : "")
            color: modelData.state === "unavailable" ? app.colors.danger : app.colors.fg
        }
        }
    }
    KText { Layout.fillWidth: true; text: qsTr("Card readers (PC/SC)"); font.bold: true }
    // The state once, then each reader once (with its card), then the live events.
    KText {
        objectName: "readersText"
        Layout.fillWidth: true
        text: tech.readers.state === undefined ? qsTr("No status yet.")
              : qsTr("State: %1").arg(Words.deviceState(tech.readers.state))
    }
    KText {       // what is wrong (when connected, the detail is only the reader names listed below)
        objectName: "readersDetail"
        Layout.fillWidth: true
        visible: (tech.readers.detail || "") !== "" && tech.readers.state !== "connected"
        text: tech.readers.detail || ""
        color: app.colors.danger
    }
    Repeater {
        model: tech.readers.names || []
        KText {
            required property var modelData
            required property int index
            objectName: "readerRow_" + index
            Layout.fillWidth: true
            wrapMode: Text.WrapAnywhere
            text: "• " + ((tech.readers.cards || []).indexOf(modelData) >= 0
                         ? qsTr("%1: a card is on it").arg(modelData) : qsTr("%1: no card").arg(modelData))
        }
    }
    KText {
        Layout.fillWidth: true
        visible: tech.readers.state !== undefined && (tech.readers.names || []).length === 0
        text: qsTr("No PC/SC reader connected.")
    }
    KText {
        objectName: "readerEvents"
        Layout.fillWidth: true
        visible: (tech.readers.log || []).length > 0
        wrapMode: Text.WrapAnywhere
        color: app.colors.muted
        function word(kind) {
            return kind === "reader_added" ? qsTr("reader connected") : kind === "reader_removed" ? qsTr("reader removed")
                 : kind === "card_inserted" ? qsTr("card placed") : kind === "card_removed" ? qsTr("card taken away") : kind
        }
        text: qsTr("Latest events:") + "\n" + (tech.readers.log || []).map(e => e.time + "  " + word(e.kind) + " · " + e.reader).join("\n")
    }
    KButton { objectName: "testPcscRead"; text: qsTr("Test read (put a card on a PC/SC reader)")
              enabled_: tech.pcscTest.state !== "reading"; onClicked: tech.testPcscRead() }
    KText {
        objectName: "pcscTestText"
        Layout.fillWidth: true
        visible: text !== ""
        wrapMode: Text.WrapAnywhere
        text: tech.pcscTest.state === "reading" ? qsTr("Reading on %1…").arg(tech.pcscTest.reader)
              : tech.pcscTest.state === "ok"
                ? qsTr("%1: ATR %2 · connected in %3 ms · SELECT of the passport application in %4 ms (answer %5)")
                  .arg(tech.pcscTest.reader).arg(tech.pcscTest.atr).arg(tech.pcscTest.connect_ms)
                  .arg(tech.pcscTest.select_ms).arg(tech.pcscTest.sw)
              : tech.pcscTest.state === "error" ? qsTr("No read on %1: %2").arg(tech.pcscTest.reader || "-").arg(tech.pcscTest.detail)
              : ""
        color: tech.pcscTest.state === "error" ? app.colors.danger : app.colors.fg
    }
    KText {
        objectName: "pcscVirtualNote"
        Layout.fillWidth: true
        visible: tech.pcscTest.virtual === true
        text: qsTr("This is a virtual reader (the vsmartcard simulator): for tests and training only, never for serving citizens.")
        color: app.colors.danger
    }
    KText { Layout.fillWidth: true; text: qsTr("Resident ID card reader (GA/T 467)"); font.bold: true }
    KField { id: idPort; fieldId: "idReaderPort"; Layout.fillWidth: true
             label: qsTr("Serial port, e.g. /dev/ttyUSB0 (empty: none, or the simulator)")
             Component.onCompleted: text = tech.settings.ga467_serial || "" }
    Flow {
        Layout.fillWidth: true
        spacing: app.sizes.spacing
        KButton { objectName: "saveIdReader"; text: qsTr("Save the port"); onClicked: tech.saveIdReaderPort(idPort.text) }
        KButton { objectName: "testIdRead"; text: qsTr("Test read (put a card on the reader)")
                  enabled_: tech.idReaderTest.state !== "reading"; onClicked: tech.testIdRead() }
    }
    KText {
        objectName: "idReadText"
        Layout.fillWidth: true
        visible: text !== ""
        wrapMode: Text.WrapAnywhere
        text: tech.idReaderTest.state === "reading" ? qsTr("Reading…")
              : tech.idReaderTest.state === "ok" ? qsTr("A card was read in %1 ms.").arg(tech.idReaderTest.ms)
              : tech.idReaderTest.state === "error" ? qsTr("No read after %1 ms: %2").arg(tech.idReaderTest.ms).arg(tech.idReaderTest.detail)
              : ""
        color: tech.idReaderTest.state === "error" ? app.colors.danger : app.colors.fg
    }
    KText { Layout.fillWidth: true; text: qsTr("Slip printer"); font.bold: true }
    KText {
        objectName: "printerText"
        Layout.fillWidth: true
        text: tech.printer.online === undefined ? qsTr("No status yet.")
              : qsTr("Online: %1, paper: %2, error: %3").arg(Words.yesNo(tech.printer.online))
                  .arg(Words.paper(tech.printer.paper)).arg(tech.printer.error || qsTr("none"))
    }
    KText {
        Layout.fillWidth: true
        visible: (tech.printer.detail || "") !== ""
        text: tech.printer.detail || ""
        color: app.colors.muted
    }
    // Printer settings: written through the core (validated, atomic, audited), then the printer restarts.
    KField {
        id: printerUri
        fieldId: "printerUri"
        Layout.fillWidth: true
        label: qsTr("Printer URI (usb://VID:PID, tcp://HOST:9100, serial:///dev/ttyS0, cups://QUEUE, file:///PATH)")
        Component.onCompleted: text = tech.settings.printer_uri || ""   // once: typing is not undone by a refresh
    }
    KField {
        id: printerProfile
        fieldId: "printerProfile"
        Layout.fillWidth: true
        label: qsTr("Printer profile (e.g. TM-T20II for 80 mm, POS-5890 for 58 mm)")
        Component.onCompleted: text = tech.settings.printer_profile || ""
    }
    RowLayout {
        Layout.fillWidth: true
        spacing: app.sizes.spacing * 2
        KField { id: paperMm; fieldId: "paperMm"; Layout.fillWidth: true; label: qsTr("Paper width (mm): 58 or 80")
                 inputMethodHints: Qt.ImhDigitsOnly; Component.onCompleted: text = tech.settings.paper_mm || "" }
        KField { id: printerDots; fieldId: "printerDots"; Layout.fillWidth: true
                 label: qsTr("Dots per line (384 on 58 mm, 576 on 80 mm)")
                 inputMethodHints: Qt.ImhDigitsOnly; Component.onCompleted: text = tech.settings.dots || "" }
    }
    RowLayout {
        Layout.fillWidth: true
        KButton { objectName: "savePrinter"; text: qsTr("Save printer settings")
                  onClicked: tech.savePrinter(printerUri.text, printerProfile.text) }
        KButton { objectName: "savePaper"; text: qsTr("Save the paper width")
                  onClicked: tech.savePaper(paperMm.text, printerDots.text) }
        KText {
            objectName: "configState"
            Layout.fillWidth: true
            text: tech.configState === "saved" ? qsTr("Saved to the configuration file.") : tech.configState
            color: tech.configState === "saved" || tech.configState === "" ? app.colors.fg : app.colors.danger
        }
    }
    RowLayout {
        Layout.fillWidth: true
        KButton { objectName: "testPrint"; text: qsTr("Print a test page"); onClicked: tech.testPrint() }
        KText {
            objectName: "testPrintState"
            Layout.fillWidth: true
            text: tech.testPrintState === "queued" ? qsTr("Test page sent to the printer.")
                  : tech.testPrintState === "" ? "" : qsTr("The test page could not be printed (see the log).")
        }
    }
    KText { Layout.fillWidth: true; visible: tech.printJobs.length > 0; text: qsTr("Latest print jobs"); color: app.colors.muted }
    Repeater {
        model: tech.printJobs
        KText {
            required property var modelData
            required property int index
            objectName: "printJob_" + index
            Layout.fillWidth: true
            wrapMode: Text.WrapAnywhere
            text: "#" + modelData.id + " · " + modelData.kind + " · " + modelData.state + " · " + modelData.at
                  + (modelData.attempts > 1 ? " · " + qsTr("attempts: %1").arg(modelData.attempts) : "")
                  + (modelData.error ? " · " + modelData.error : "")
        }
    }
    KText { Layout.fillWidth: true; text: qsTr("Document camera"); font.bold: true }
    KField { id: cameraSource; fieldId: "cameraSource"; Layout.fillWidth: true
             label: qsTr("Source (index, /dev/video2, rtsp://…, a video file, or simulator)")
             Component.onCompleted: text = tech.settings.camera_source || "" }
    RowLayout {
        Layout.fillWidth: true
        spacing: app.sizes.spacing * 2
        KField { id: cameraWidth; fieldId: "cameraWidth"; Layout.fillWidth: true; label: qsTr("Width (px)")
                 inputMethodHints: Qt.ImhDigitsOnly; Component.onCompleted: text = tech.settings.camera_width || "" }
        KField { id: cameraHeight; fieldId: "cameraHeight"; Layout.fillWidth: true; label: qsTr("Height (px)")
                 inputMethodHints: Qt.ImhDigitsOnly; Component.onCompleted: text = tech.settings.camera_height || "" }
    }
    Flow {
        Layout.fillWidth: true
        spacing: app.sizes.spacing
        KButton { objectName: "saveCamera"; text: qsTr("Save camera settings")
                  onClicked: tech.saveCamera(cameraSource.text, cameraWidth.text, cameraHeight.text) }
        KButton { objectName: "cameraTest"
                  text: tech.cameraView.running ? qsTr("Stop the camera") : qsTr("Look through the camera")
                  onClicked: tech.cameraView.running ? tech.stopCameraTest() : tech.startCameraTest() }
        KButton { objectName: "calibrateBlur"; text: qsTr("Calibrate the blur threshold")
                  enabled_: tech.calibration.state !== "running"; onClicked: tech.calibrateBlur() }
        KButton { objectName: "recordDesk"; text: qsTr("Record the empty desk")
                  enabled_: tech.desk.state !== "recording"; onClicked: tech.recordDesk() }
    }
    RowLayout {
        Layout.fillWidth: true
        visible: tech.cameraView.running
        spacing: app.sizes.spacing * 2
        Rectangle {
            objectName: "techPreview"
            Layout.preferredWidth: app.sizes.touch * 6
            Layout.preferredHeight: app.sizes.touch * 6 * 0.75
            color: "#000000"
            Image {
                id: techPreview
                anchors.fill: parent
                fillMode: Image.PreserveAspectFit
                cache: false
                source: tech.cameraView.running ? "image://camera/" + tech.cameraView.serial : ""
            }
            Canvas {
                anchors.fill: parent
                property var quad: tech.cameraView.quad
                onQuadChanged: requestPaint()
                onPaint: {
                    var ctx = getContext("2d")
                    ctx.reset()
                    if (!quad || quad.length !== 8 || techPreview.sourceSize.width <= 0) return
                    var s = Math.min(width / techPreview.sourceSize.width, height / techPreview.sourceSize.height)
                    var ox = (width - techPreview.sourceSize.width * s) / 2, oy = (height - techPreview.sourceSize.height * s) / 2
                    ctx.lineWidth = 3
                    ctx.strokeStyle = "#ffdc00"
                    ctx.beginPath()
                    ctx.moveTo(ox + quad[0] * s, oy + quad[1] * s)
                    for (var i = 2; i < 8; i += 2) ctx.lineTo(ox + quad[i] * s, oy + quad[i + 1] * s)
                    ctx.closePath()
                    ctx.stroke()
                }
            }
        }
        ColumnLayout {
            Layout.fillWidth: true
            Layout.alignment: Qt.AlignTop
            KText { Layout.fillWidth: true; text: Words.camera(tech.cameraView.state) }
            KText {
                objectName: "cameraFigures"
                Layout.fillWidth: true
                text: tech.cameraView.figures.blur === undefined ? qsTr("No page in view.")
                      : qsTr("Blur %1 · glare %2 · DPI %3").arg(tech.cameraView.figures.blur)
                        .arg(tech.cameraView.figures.glare).arg(tech.cameraView.figures.dpi)
            }
        }
    }
    KText {
        objectName: "calibrationText"
        Layout.fillWidth: true
        text: tech.calibration.state === "running"
              ? qsTr("Lay sharp pages under the camera one after another: %1 of %2 taken.").arg(tech.calibration.taken).arg(tech.calibration.needed)
              : tech.calibration.state === "saved" ? qsTr("Blur threshold %1 saved.").arg(tech.calibration.threshold)
              : tech.calibration.state === "error" ? qsTr("Calibration stopped (see the log).")
              : qsTr("Blur threshold: %1 (0: the built-in default).").arg(tech.settings.blur_threshold)
    }
    KText {
        objectName: "deskText"
        Layout.fillWidth: true
        text: tech.desk.state === "recording" ? qsTr("Recording the empty desk…")
              : tech.desk.state === "saved"
                ? (tech.desk.plain ? qsTr("Empty desk recorded. It is plain: nothing on it would be taken for a page anyway.")
                                   : qsTr("Empty desk recorded (pattern %1): its pattern is no longer taken for a page.").arg(tech.desk.pattern))
              : tech.desk.state === "page" ? qsTr("Not recorded: a page seems to lie on the desk. Clear the desk and record it again.")
              : tech.desk.state === "error" ? qsTr("The empty desk was not recorded: the camera gave no picture (see the log).")
              : qsTr("Clear the desk under the camera, then record it: a grid or checked cloth on it is then not taken for a page.")
    }
    KText { Layout.fillWidth: true; text: qsTr("Sync"); font.bold: true }
    KText {
        objectName: "syncText"
        Layout.fillWidth: true
        text: tech.sync.error !== undefined ? qsTr("Sync status not available: %1").arg(tech.sync.error)
              : qsTr("Waiting: %1, delivered: %2, quarantined: %3, enrolled: %4")
                  .arg(tech.sync.pending === undefined ? "-" : tech.sync.pending)
                  .arg(tech.sync.delivered === undefined ? "-" : tech.sync.delivered)
                  .arg(tech.sync.quarantined === undefined ? "-" : tech.sync.quarantined)
                  .arg(tech.sync.enrolled ? qsTr("yes") : qsTr("no"))
                  + ((tech.sync.phase || "") !== "" ? " · " + Words.syncPhase(tech.sync.phase) : "")
    }
    KField { id: syncUrl; fieldId: "syncUrl"; Layout.fillWidth: true; label: qsTr("Platform URL")
             Component.onCompleted: text = tech.settings.sync_url || "" }
    KField { id: syncToken; fieldId: "syncToken"; Layout.fillWidth: true; label: qsTr("One-time enrolment token")
             echoMode: TextInput.Password }
    KField { id: syncCa; fieldId: "syncCa"; Layout.fillWidth: true; label: qsTr("CA file (empty: the system's)")
             Component.onCompleted: text = tech.settings.sync_ca || "" }
    // The CA chosen from the certificate files on this terminal (config and data folders,
    // e.g. copied from a USB stick); the core checks the one chosen.
    Flow {
        Layout.fillWidth: true
        spacing: app.sizes.spacing
        KButton { objectName: "findCaFiles"; text: qsTr("Find certificate files"); onClicked: tech.findCaFiles() }
        KButton { objectName: "saveSyncCa"; text: qsTr("Use this CA file"); onClicked: tech.saveSyncCa(syncCa.text) }
    }
    Repeater {
        model: tech.caFiles
        KButton {
            required property var modelData
            required property int index
            objectName: "caFile_" + index
            Layout.fillWidth: true
            primary: syncCa.text === modelData
            text: modelData
            onClicked: syncCa.text = modelData
        }
    }
    KText {
        objectName: "caState"
        Layout.fillWidth: true
        visible: text !== ""
        wrapMode: Text.WrapAnywhere
        text: tech.caState === "saved" ? qsTr("CA file saved to the configuration file; it is used from the next enrolment.") : tech.caState
        color: tech.caState === "saved" ? app.colors.fg : app.colors.danger
    }
    RowLayout {
        Layout.fillWidth: true
        KButton { objectName: "enroll"; text: qsTr("Enrol this kiosk")
                  onClicked: { tech.enroll(syncUrl.text, syncToken.text, syncCa.text); syncToken.text = "" } }
        KText {
            objectName: "enrollState"
            Layout.fillWidth: true
            wrapMode: Text.WrapAnywhere
            text: tech.enrollState === "enrolled" ? qsTr("Enrolled with the platform.")
                  : tech.enrollState === "enrolling" ? qsTr("Enrolling…") : tech.enrollState
            color: tech.enrollState === "enrolled" || tech.enrollState === "enrolling" ? app.colors.fg : app.colors.danger
        }
    }
    RowLayout {
        Layout.fillWidth: true
        KButton { objectName: "retryQuarantined"; text: qsTr("Retry quarantined cases"); onClicked: tech.retryQuarantined() }
        KText {
            objectName: "retryState"
            Layout.fillWidth: true
            text: tech.retryState === "" ? "" : tech.retryState === "error" ? qsTr("Retry failed (see the log).")
                  : qsTr("%1 case(s) put back in the queue.").arg(tech.retryState)
        }
    }
    KText {
        Layout.fillWidth: true
        text: qsTr("Longest screen freeze since start: %1 ms").arg(tech.longestStallMs.toFixed(0))
    }
    KText { Layout.fillWidth: true; text: qsTr("Diagnostics bundle"); font.bold: true }
    KField {
        id: bundleDir
        fieldId: "bundleDir"
        Layout.fillWidth: true
        label: qsTr("Folder (e.g. a USB stick)")
        Component.onCompleted: text = tech.settings.bundle_dir || ""
    }
    RowLayout {
        Layout.fillWidth: true
        KButton { objectName: "exportBundle"; text: qsTr("Export the diagnostics bundle"); onClicked: tech.exportBundle(bundleDir.text) }
        KText {
            objectName: "bundleText"
            Layout.fillWidth: true
            wrapMode: Text.WrapAnywhere
            text: tech.bundlePath === "" ? qsTr("Configuration without secrets, versions, device list, recent logs; no personal data.")
                  : qsTr("Written: %1").arg(tech.bundlePath)
        }
    }
    KText { Layout.fillWidth: true; text: qsTr("Recent log"); font.bold: true }
    Rectangle {
        Layout.fillWidth: true
        implicitHeight: logText.implicitHeight + app.sizes.spacing
        color: app.colors.panel
        border.color: app.colors.border
        Text {
            id: logText
            x: app.sizes.spacing / 2
            width: parent.width - app.sizes.spacing
            text: tech.logs !== "" ? tech.logs : qsTr("(the log is empty)")
            color: app.colors.fg
            font.family: "monospace"
            font.pixelSize: Math.round(app.sizes.font * 0.6)
            wrapMode: Text.WrapAnywhere
            textFormat: Text.PlainText
        }
    }

    navigation: [
        KButton { text: qsTr("Sign out"); onClicked: flow.logout() },
        Item { Layout.fillWidth: true },
        KButton { objectName: "refresh"; text: qsTr("Refresh"); onClicked: tech.refresh() }
    ]
}
