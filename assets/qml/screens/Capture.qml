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
    help: qsTr("Lay the page flat under the camera. It is taken by itself when it is still and sharp.")

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
        }
        ColumnLayout {
            Layout.fillWidth: true
            Layout.alignment: Qt.AlignTop
            KText {
                objectName: "cameraState"
                Layout.fillWidth: true
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
                visible: flow.cameraState === "connected" && flow.quad.length === 0
                text: (flow.capture.pages || 0) > 0 ? qsTr("Page taken. Lay the next page, or touch Done.")
                                                    : qsTr("No page in view yet.")
            }
            Repeater {
                model: flow.liveProblems
                KText {
                    required property var modelData
                    Layout.fillWidth: true
                    text: "• " + Words.quality(modelData)
                    color: app.colors.danger
                }
            }
            KButton {
                objectName: "captureNow"
                Layout.fillWidth: true
                text: qsTr("Take the page now")
                onClicked: flow.captureNow()
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
