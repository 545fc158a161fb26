import QtQuick
import QtQuick.Layouts
import "../components"
import "../components/words.js" as Words

// One document under the camera: live preview with the detected page outline; the page
// is taken by itself when it is still and sharp, or by hand; the verdict in words.
Page {
    id: capturePage
    title: qsTr("Scan: %1").arg(materialName())
    // the name in the current language (the materials list is fetched again after a switch)
    function materialName() {
        for (var i = 0; i < flow.materials.length; i++)
            if (flow.materials[i].id === flow.capture.id) return flow.materials[i].name
        return flow.capture.name || ""
    }
    // what to lay down follows the material's paper format (the catalogue's "paper")
    help: flow.capture.paper === "ID-1"
          ? ((flow.capture.needed || 1) > 1
             ? qsTr("Lay the card flat under the camera, one side at a time. It is taken by itself when it is still and sharp.")
             : qsTr("Lay the card flat under the camera. It is taken by itself when it is still and sharp."))
          : flow.capture.paper === "ID-3"
            ? qsTr("Lay the passport open at its photo page under the camera. It is taken by itself when it is still and sharp.")
            : qsTr("Lay the page flat under the camera. It is taken by itself when it is still and sharp.")
    readonly property bool adjusting: flow.adjust.state === "adjusting" || flow.adjust.state === "checking"

    RowLayout {
        Layout.fillWidth: true
        spacing: app.sizes.spacing * 2
        Rectangle {
            id: frame
            objectName: "previewFrame"
            // The camera's own aspect ratio, fitted into a width from the panel's DPI and the
            // height the page has left (at 1280x800 the full width would be cut at the bottom).
            // Neither depends on this row's layout, so no binding loop.
            readonly property real aspect: preview.sourceSize.width > 0
                                           ? preview.sourceSize.height / preview.sourceSize.width : 0.75
            readonly property real maxWidth: app.sizes.touch * 9
            readonly property real maxHeight: Math.max(app.sizes.touch * 2, capturePage.bodyHeight)
            Layout.preferredWidth: Math.min(maxWidth, maxHeight / aspect)
            Layout.preferredHeight: Layout.preferredWidth * aspect
            Layout.alignment: Qt.AlignTop
            color: "#000000"
            Image {
                id: preview
                objectName: "preview"
                anchors.fill: parent
                fillMode: Image.PreserveAspectFit
                cache: false
                source: "image://camera/" + flow.previewSerial
            }
            Canvas {
                id: outline
                anchors.fill: parent
                visible: !capturePage.adjusting
                property var quad: flow.quad
                onQuadChanged: requestPaint()
                onWidthChanged: requestPaint()      // the frame fits itself to the space: redraw in place
                onHeightChanged: requestPaint()
                onPaint: {
                    var ctx = getContext("2d")
                    ctx.reset()
                    if (!quad || quad.length !== 8 || preview.sourceSize.width <= 0) return
                    var s = Math.min(width / preview.sourceSize.width, height / preview.sourceSize.height)
                    var ox = (width - preview.sourceSize.width * s) / 2, oy = (height - preview.sourceSize.height * s) / 2
                    ctx.lineWidth = 4
                    ctx.strokeStyle = flow.captureProgress >= 1 ? "#2ecc40" : "#ffdc00"
                    ctx.beginPath()
                    ctx.moveTo(ox + quad[0] * s, oy + quad[1] * s)
                    for (var i = 2; i < 8; i += 2) ctx.lineTo(ox + quad[i] * s, oy + quad[i + 1] * s)
                    ctx.closePath()
                    ctx.stroke()
                }
            }
            // Corners by hand over the held frame: four handles a finger can take; the
            // points go back in the frame's own pixels (the mapping the outline uses).
            Item {
                id: editor
                objectName: "cornerEditor"
                anchors.fill: parent
                visible: capturePage.adjusting
                readonly property real fw: flow.adjust.width || 1
                readonly property real fh: flow.adjust.height || 1
                readonly property real s: Math.min(width / fw, height / fh)
                readonly property real ox: (width - fw * s) / 2
                readonly property real oy: (height - fh * s) / 2
                property var pts: []                    // 8 numbers, this item's coordinates
                property int active: -1                 // the handle under the finger (the loupe follows it)
                function place() {
                    var q = flow.adjust.quad
                    if (!q || q.length !== 8) { pts = []; return }
                    var p = []
                    for (var i = 0; i < 8; i += 2) p.push(ox + q[i] * s, oy + q[i + 1] * s)
                    pts = p
                }
                function framePoints() {
                    var q = []
                    for (var i = 0; i < 8; i += 2) q.push((pts[i] - ox) / s, (pts[i + 1] - oy) / s)
                    return q
                }
                property int serial: flow.adjust.serial || 0
                onSerialChanged: place()
                onWidthChanged: place()
                onHeightChanged: place()
                onPtsChanged: lines.requestPaint()
                Canvas {
                    id: lines
                    anchors.fill: parent
                    onPaint: {
                        var ctx = getContext("2d")
                        ctx.reset()
                        var p = editor.pts
                        if (!p || p.length !== 8) return
                        ctx.lineWidth = 4
                        ctx.strokeStyle = "#00b4ff"
                        ctx.beginPath()
                        ctx.moveTo(p[0], p[1])
                        for (var i = 2; i < 8; i += 2) ctx.lineTo(p[i], p[i + 1])
                        ctx.closePath()
                        ctx.stroke()
                    }
                }
                Repeater {
                    model: editor.pts.length === 8 ? 4 : 0
                    Item {
                        id: handle
                        required property int index
                        objectName: "corner_" + index
                        width: app.sizes.touch
                        height: app.sizes.touch
                        x: editor.pts[index * 2] - width / 2
                        y: editor.pts[index * 2 + 1] - height / 2
                        Rectangle {
                            anchors.fill: parent
                            radius: width / 2
                            color: "#5500b4ff"
                            border.color: "#ffffff"
                            border.width: 3
                        }
                        Rectangle {                     // the exact point
                            anchors.centerIn: parent
                            width: 8; height: 8; radius: 4
                            color: "#ffffff"
                        }
                        MouseArea {
                            anchors.fill: parent
                            enabled: flow.adjust.state === "adjusting"
                            property real grabX: 0
                            property real grabY: 0
                            preventStealing: true
                            onPressed: (mouse) => { grabX = mouse.x - width / 2; grabY = mouse.y - height / 2; editor.active = handle.index }
                            onReleased: editor.active = -1
                            onCanceled: editor.active = -1
                            onPositionChanged: (mouse) => {
                                var p = mapToItem(editor, mouse.x - grabX, mouse.y - grabY)
                                var q = editor.pts.slice()
                                // a corner stays on the frame
                                q[handle.index * 2] = Math.max(editor.ox, Math.min(editor.ox + editor.fw * editor.s, p.x))
                                q[handle.index * 2 + 1] = Math.max(editor.oy, Math.min(editor.oy + editor.fh * editor.s, p.y))
                                editor.pts = q
                            }
                        }
                    }
                }
            }
        }
        ColumnLayout {
            Layout.fillWidth: true
            Layout.alignment: Qt.AlignTop
            KText {
                objectName: "cameraState"
                Layout.fillWidth: true
                // a working camera shows itself in the preview; the line is for trouble (and
                // its room is what keeps the buttons below in view with larger text)
                visible: flow.cameraState !== "connected"
                text: Words.camera(flow.cameraState)
                color: flow.cameraState === "connected" ? app.colors.fg : app.colors.danger
            }
            KText {
                objectName: "pages"
                Layout.fillWidth: true
                text: qsTr("Pages taken: %1 (needed: %2)").arg(flow.capture.pages || 0).arg(flow.capture.needed || 1)
                font.bold: true
            }
            KText {
                Layout.fillWidth: true
                visible: flow.cameraState === "connected" && flow.quad.length === 0 && !capturePage.adjusting
                text: (flow.capture.pages || 0) > 0 ? qsTr("Page taken. Lay the next page, or touch Done.")
                                                    : qsTr("No page in view yet.")
            }
            KText {
                objectName: "cornersHelp"
                Layout.fillWidth: true
                visible: capturePage.adjusting
                text: flow.adjust.state === "checking" ? qsTr("Checking the page…")
                                                       : qsTr("Drag the four round handles onto the corners of the page.")
            }
            Repeater {
                model: capturePage.adjusting ? (flow.adjust.problems || []) : flow.liveProblems
                KText {
                    required property var modelData
                    Layout.fillWidth: true
                    text: "• " + Words.quality(modelData)
                    color: app.colors.danger
                }
            }
            RowLayout {
                Layout.fillWidth: true
                spacing: app.sizes.spacing
                visible: !capturePage.adjusting && flow.adjust.state !== "waiting"
                KButton {
                    objectName: "captureNow"
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    text: qsTr("Take the page now")
                    onClicked: flow.captureNow()
                }
                KButton {
                    objectName: "adjustCorners"
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    enabled_: flow.cameraState === "connected"
                    text: qsTr("Adjust corners")
                    onClicked: flow.adjustCorners()
                }
            }
            RowLayout {
                Layout.fillWidth: true
                spacing: app.sizes.spacing
                visible: capturePage.adjusting || flow.adjust.state === "waiting"
                KButton {
                    objectName: "cancelCorners"
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    text: qsTr("Back to the live picture")
                    onClicked: flow.cancelCorners()
                }
                KButton {
                    objectName: "useCorners"
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    primary: true
                    enabled_: flow.adjust.state === "adjusting"
                    text: qsTr("Use these corners")
                    onClicked: flow.useCorners(editor.framePoints())
                }
            }
            // The finger hides the corner it moves: beside it, the picture around that
            // corner enlarged, the exact point at the cross.
            Rectangle {
                id: loupe
                objectName: "loupe"
                visible: capturePage.adjusting && editor.active >= 0 && editor.pts.length === 8
                readonly property real zoom: 3
                readonly property real px: visible ? editor.pts[editor.active * 2] - editor.ox : 0
                readonly property real py: visible ? editor.pts[editor.active * 2 + 1] - editor.oy : 0
                Layout.preferredWidth: app.sizes.touch * 3.5
                Layout.preferredHeight: app.sizes.touch * 3.5
                color: "#000000"
                border.color: "#00b4ff"
                border.width: 3
                clip: true
                Image {
                    objectName: "loupeImage"
                    source: preview.source
                    cache: false
                    smooth: true
                    width: editor.fw * editor.s * loupe.zoom
                    height: editor.fh * editor.s * loupe.zoom
                    x: loupe.width / 2 - loupe.px * loupe.zoom
                    y: loupe.height / 2 - loupe.py * loupe.zoom
                }
                Rectangle { anchors.centerIn: parent; width: parent.width; height: 2; color: "#ffdc00"; opacity: 0.9 }
                Rectangle { anchors.centerIn: parent; width: 2; height: parent.height; color: "#ffdc00"; opacity: 0.9 }
            }
        }
    }

    navigation: [
        KButton { text: qsTr("Cancel"); onClicked: flow.cancelCapture() },
        Item { Layout.fillWidth: true },
        KButton {
            objectName: "captureDone"
            primary: true
            enabled_: (flow.capture.pages || 0) > 0
            text: qsTr("Done with this document")
            onClicked: flow.finishCapture()
        }
    ]
}
