"""The one place `ui` imports Qt from (tests/test_import_boundaries.py enforces it).

Re-exports the PySide6 names the UI uses and refuses a Qt older than the features we
rely on (QQmlEngine.retranslate, Qt Quick Controls 2 styles, the virtual keyboard).
"""

from __future__ import annotations

import PySide6
from PySide6.QtCore import (  # noqa: F401
    QPoint, QPointF, QSize,
    Property, QAbstractListModel, QByteArray, QCoreApplication, QElapsedTimer, QEvent, QLocale,
    QLibraryInfo, QMessageLogContext, QModelIndex, QObject, QStandardPaths, Qt, QThread, QTimer, QTranslator, QUrl,
    QtMsgType, Signal, Slot, qInstallMessageHandler, qVersion,
)
from PySide6.QtGui import QFont, QFontDatabase, QFontMetricsF, QGuiApplication, QImage  # noqa: F401
from PySide6.QtQml import QQmlApplicationEngine, QQmlError  # noqa: F401
from PySide6.QtQuick import QQuickImageProvider, QQuickItem, QQuickWindow  # noqa: F401
from PySide6.QtTextToSpeech import QTextToSpeech  # noqa: F401
from shiboken6 import delete as delete_qobject, isValid as is_valid_qobject  # noqa: F401

MIN_QT = (6, 5)


def qt_version() -> tuple[int, int]:
    major, minor = (int(x) for x in qVersion().split(".")[:2])
    return major, minor


def check_version() -> None:
    """Raise RuntimeError naming both versions when Qt is too old."""
    if qt_version() < MIN_QT:
        raise RuntimeError(f"Qt {qVersion()} (PySide6 {PySide6.__version__}) is too old; "
                           f"Single Door needs Qt {MIN_QT[0]}.{MIN_QT[1]} or newer")


check_version()
