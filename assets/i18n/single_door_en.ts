<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>ApologyOverlay</name>
    <message>
        <location filename="../qml/components/ApologyOverlay.qml" line="14"/>
        <source>Sorry, something went wrong.</source>
        <translation>Sorry, something went wrong.</translation>
    </message>
    <message>
        <location filename="../qml/components/ApologyOverlay.qml" line="17"/>
        <source>For your privacy, everything you entered has been cleared. Please start again, or ask a member of staff for help.</source>
        <translation>For your privacy, everything you entered has been cleared. Please start again, or ask a member of staff for help.</translation>
    </message>
    <message>
        <location filename="../qml/components/ApologyOverlay.qml" line="23"/>
        <source>Start again</source>
        <translation>Start again</translation>
    </message>
</context>
<context>
    <name>Attract</name>
    <message>
        <location filename="../qml/screens/Attract.qml" line="14"/>
        <source>Welcome to the service hall</source>
        <translation>Welcome to the service hall</translation>
    </message>
    <message>
        <location filename="../qml/screens/Attract.qml" line="19"/>
        <source>Apply for a service, hand in documents and get a receipt, all at this terminal.</source>
        <translation>Apply for a service, hand in documents and get a receipt, all at this terminal.</translation>
    </message>
    <message>
        <location filename="../qml/screens/Attract.qml" line="39"/>
        <source>Touch here to start</source>
        <translation>Touch here to start</translation>
    </message>
    <message>
        <location filename="../qml/screens/Attract.qml" line="45"/>
        <source>Check an application</source>
        <translation>Check an application</translation>
    </message>
</context>
<context>
    <name>BusyOverlay</name>
    <message>
        <location filename="../qml/components/BusyOverlay.qml" line="12"/>
        <source>Working…</source>
        <translation>Working…</translation>
    </message>
</context>
<context>
    <name>Capture</name>
    <message>
        <location filename="../qml/screens/Capture.qml" line="10"/>
        <source>Scan: %1</source>
        <translation>Scan: %1</translation>
    </message>
    <message>
        <location filename="../qml/screens/Capture.qml" line="20"/>
        <source>Lay the card flat under the camera, one side at a time. It is taken by itself when it is still and sharp.</source>
        <translation>Lay the card flat under the camera, one side at a time. It is taken by itself when it is still and sharp.</translation>
    </message>
    <message>
        <location filename="../qml/screens/Capture.qml" line="21"/>
        <source>Lay the card flat under the camera. It is taken by itself when it is still and sharp.</source>
        <translation>Lay the card flat under the camera. It is taken by itself when it is still and sharp.</translation>
    </message>
    <message>
        <location filename="../qml/screens/Capture.qml" line="23"/>
        <source>Lay the passport open at its photo page under the camera. It is taken by itself when it is still and sharp.</source>
        <translation>Lay the passport open at its photo page under the camera. It is taken by itself when it is still and sharp.</translation>
    </message>
    <message>
        <location filename="../qml/screens/Capture.qml" line="24"/>
        <source>Lay the page flat under the camera. It is taken by itself when it is still and sharp.</source>
        <translation>Lay the page flat under the camera. It is taken by itself when it is still and sharp.</translation>
    </message>
    <message>
        <location filename="../qml/screens/Capture.qml" line="182"/>
        <source>Pages taken: %1 (needed: %2)</source>
        <translation>Pages taken: %1 (needed: %2)</translation>
    </message>
    <message>
        <location filename="../qml/screens/Capture.qml" line="188"/>
        <source>Page taken. Lay the next page, or touch Done.</source>
        <translation>Page taken. Lay the next page, or touch Done.</translation>
    </message>
    <message>
        <location filename="../qml/screens/Capture.qml" line="189"/>
        <source>No page in view yet.</source>
        <translation>No page in view yet.</translation>
    </message>
    <message>
        <location filename="../qml/screens/Capture.qml" line="195"/>
        <source>Checking the page…</source>
        <translation>Checking the page…</translation>
    </message>
    <message>
        <location filename="../qml/screens/Capture.qml" line="196"/>
        <source>Drag the four round handles onto the corners of the page.</source>
        <translation>Drag the four round handles onto the corners of the page.</translation>
    </message>
    <message>
        <location filename="../qml/screens/Capture.qml" line="215"/>
        <source>Take the page now</source>
        <translation>Take the page now</translation>
    </message>
    <message>
        <location filename="../qml/screens/Capture.qml" line="223"/>
        <source>Adjust corners</source>
        <translation>Adjust corners</translation>
    </message>
    <message>
        <location filename="../qml/screens/Capture.qml" line="235"/>
        <source>Back to the live picture</source>
        <translation>Back to the live picture</translation>
    </message>
    <message>
        <location filename="../qml/screens/Capture.qml" line="244"/>
        <source>Use these corners</source>
        <translation>Use these corners</translation>
    </message>
    <message>
        <location filename="../qml/screens/Capture.qml" line="280"/>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../qml/screens/Capture.qml" line="286"/>
        <source>Done with this document</source>
        <translation>Done with this document</translation>
    </message>
</context>
<context>
    <name>Cases</name>
    <message>
        <location filename="../qml/screens/Cases.qml" line="9"/>
        <source>Today&apos;s cases</source>
        <translation>Today&apos;s cases</translation>
    </message>
    <message>
        <location filename="../qml/screens/Cases.qml" line="10"/>
        <source>Names are masked. Reprint a slip if the citizen lost it or the printer failed.</source>
        <translation>Names are masked. Reprint a slip if the citizen lost it or the printer failed.</translation>
    </message>
    <message>
        <location filename="../qml/screens/Cases.qml" line="33"/>
        <source>Withdraw case %1 (supervisor)</source>
        <translation>Withdraw case %1 (supervisor)</translation>
    </message>
    <message>
        <location filename="../qml/screens/Cases.qml" line="35"/>
        <source>Only a case the platform has not received yet can be withdrawn here; once delivered, the department withdraws it.</source>
        <translation>Only a case the platform has not received yet can be withdrawn here; once delivered, the department withdraws it.</translation>
    </message>
    <message>
        <location filename="../qml/screens/Cases.qml" line="36"/>
        <source>Supervisor&apos;s user name</source>
        <translation>Supervisor&apos;s user name</translation>
    </message>
    <message>
        <location filename="../qml/screens/Cases.qml" line="37"/>
        <source>Supervisor&apos;s PIN</source>
        <translation>Supervisor&apos;s PIN</translation>
    </message>
    <message>
        <location filename="../qml/screens/Cases.qml" line="39"/>
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../qml/screens/Cases.qml" line="45"/>
        <source>Wrong supervisor name or PIN, or not a supervisor.</source>
        <translation>Wrong supervisor name or PIN, or not a supervisor.</translation>
    </message>
    <message>
        <location filename="../qml/screens/Cases.qml" line="46"/>
        <source>Please give a reason (at least 4 characters).</source>
        <translation>Please give a reason (at least 4 characters).</translation>
    </message>
    <message>
        <location filename="../qml/screens/Cases.qml" line="47"/>
        <source>Not withdrawn: the platform has already received this case. Only the department handling it can withdraw it now; ask the citizen to contact them.</source>
        <translation>Not withdrawn: the platform has already received this case. Only the department handling it can withdraw it now; ask the citizen to contact them.</translation>
    </message>
    <message>
        <location filename="../qml/screens/Cases.qml" line="48"/>
        <source>Not withdrawn: the case is being sent to the platform right now. Try again in a minute.</source>
        <translation>Not withdrawn: the case is being sent to the platform right now. Try again in a minute.</translation>
    </message>
    <message>
        <location filename="../qml/screens/Cases.qml" line="49"/>
        <source>The withdrawal was not recorded.</source>
        <translation>The withdrawal was not recorded.</translation>
    </message>
    <message>
        <location filename="../qml/screens/Cases.qml" line="52"/>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../qml/screens/Cases.qml" line="57"/>
        <source>Withdraw this case</source>
        <translation>Withdraw this case</translation>
    </message>
    <message>
        <location filename="../qml/screens/Cases.qml" line="71"/>
        <source>The case was withdrawn; it will not be sent to the platform.</source>
        <translation>The case was withdrawn; it will not be sent to the platform.</translation>
    </message>
    <message>
        <location filename="../qml/screens/Cases.qml" line="85"/>
        <source>Today at this hall</source>
        <translation>Today at this hall</translation>
    </message>
    <message>
        <location filename="../qml/screens/Cases.qml" line="90"/>
        <source>Cases: %1 · one visit: %2 / %3 · materials not brought: %4 / %5 · services offered here: %6 / %7</source>
        <translation>Cases: %1 · one visit: %2 / %3 · materials not brought: %4 / %5 · services offered here: %6 / %7</translation>
    </message>
    <message>
        <location filename="../qml/screens/Cases.qml" line="97"/>
        <source>Print the end-of-day slip</source>
        <translation>Print the end-of-day slip</translation>
    </message>
    <message>
        <location filename="../qml/screens/Cases.qml" line="105"/>
        <source>No cases yet today.</source>
        <translation>No cases yet today.</translation>
    </message>
    <message>
        <location filename="../qml/screens/Cases.qml" line="127"/>
        <source>Reprint slip</source>
        <translation>Reprint slip</translation>
    </message>
    <message>
        <location filename="../qml/screens/Cases.qml" line="133"/>
        <source>Withdraw</source>
        <translation>Withdraw</translation>
    </message>
    <message>
        <location filename="../qml/screens/Cases.qml" line="146"/>
        <source>Bad reviews to follow up: %1</source>
        <translation>Bad reviews to follow up: %1</translation>
    </message>
    <message>
        <location filename="../qml/screens/Cases.qml" line="171"/>
        <source>What was done (call-back, fix)</source>
        <translation>What was done (call-back, fix)</translation>
    </message>
    <message>
        <location filename="../qml/screens/Cases.qml" line="175"/>
        <source>Close the follow-up</source>
        <translation>Close the follow-up</translation>
    </message>
    <message>
        <location filename="../qml/screens/Cases.qml" line="186"/>
        <source>Not closed: write at least a few words about what was done.</source>
        <translation>Not closed: write at least a few words about what was done.</translation>
    </message>
    <message>
        <location filename="../qml/screens/Cases.qml" line="190"/>
        <source>Back</source>
        <translation>Back</translation>
    </message>
</context>
<context>
    <name>ChipPanel</name>
    <message>
        <location filename="../qml/components/ChipPanel.qml" line="22"/>
        <source>A passport or chip card is on the reader. Type these details from its machine-readable lines:</source>
        <translation>A passport or chip card is on the reader. Type these details from its machine-readable lines:</translation>
    </message>
    <message>
        <location filename="../qml/components/ChipPanel.qml" line="27"/>
        <source>Read these lines with the camera</source>
        <translation>Read these lines with the camera</translation>
    </message>
    <message>
        <location filename="../qml/components/ChipPanel.qml" line="49"/>
        <source>Lay the photo page face up under the camera…</source>
        <translation>Lay the photo page face up under the camera…</translation>
    </message>
    <message>
        <location filename="../qml/components/ChipPanel.qml" line="66"/>
        <source>Stop</source>
        <translation>Stop</translation>
    </message>
    <message>
        <location filename="../qml/components/ChipPanel.qml" line="77"/>
        <source>Document number</source>
        <translation>Document number</translation>
    </message>
    <message>
        <location filename="../qml/components/ChipPanel.qml" line="79"/>
        <source>Date of birth (YYMMDD)</source>
        <translation>Date of birth (YYMMDD)</translation>
    </message>
    <message>
        <location filename="../qml/components/ChipPanel.qml" line="81"/>
        <source>Date of expiry (YYMMDD)</source>
        <translation>Date of expiry (YYMMDD)</translation>
    </message>
    <message>
        <location filename="../qml/components/ChipPanel.qml" line="89"/>
        <source>Read the chip</source>
        <translation>Read the chip</translation>
    </message>
</context>
<context>
    <name>CounterLogin</name>
    <message>
        <location filename="../qml/screens/CounterLogin.qml" line="11"/>
        <source>Counter sign-in</source>
        <translation>Counter sign-in</translation>
    </message>
    <message>
        <location filename="../qml/screens/CounterLogin.qml" line="17"/>
        <source>%1 · Window %2</source>
        <translation>%1 · Window %2</translation>
    </message>
    <message>
        <location filename="../qml/screens/CounterLogin.qml" line="21"/>
        <source>User name</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../qml/screens/CounterLogin.qml" line="22"/>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <location filename="../qml/screens/CounterLogin.qml" line="35"/>
        <source>Sign in</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <location filename="../qml/screens/CounterLogin.qml" line="41"/>
        <source>Technician</source>
        <translation>Technician</translation>
    </message>
</context>
<context>
    <name>Done</name>
    <message>
        <location filename="../qml/screens/Done.qml" line="9"/>
        <source>Application received</source>
        <translation>Application received</translation>
    </message>
    <message>
        <location filename="../qml/screens/Done.qml" line="10"/>
        <source>Keep your slip. You can check the status with your case number at any terminal.</source>
        <translation>Keep your slip. You can check the status with your case number at any terminal.</translation>
    </message>
    <message>
        <location filename="../qml/screens/Done.qml" line="12"/>
        <source>Your case number</source>
        <translation>Your case number</translation>
    </message>
    <message>
        <location filename="../qml/screens/Done.qml" line="17"/>
        <source>Promised by: %1</source>
        <translation>Promised by: %1</translation>
    </message>
    <message>
        <location filename="../qml/screens/Done.qml" line="22"/>
        <source>What happens next: the department checks your application. If anything is missing, they will tell you everything at once.</source>
        <translation>What happens next: the department checks your application. If anything is missing, they will tell you everything at once.</translation>
    </message>
    <message>
        <location filename="../qml/screens/Done.qml" line="37"/>
        <source>How satisfied are you with this service?</source>
        <translation>How satisfied are you with this service?</translation>
    </message>
    <message>
        <location filename="../qml/screens/Done.qml" line="56"/>
        <source>Anything in particular? (optional, tap all that apply)</source>
        <translation>Anything in particular? (optional, tap all that apply)</translation>
    </message>
    <message>
        <location filename="../qml/screens/Done.qml" line="78"/>
        <source>Send my rating</source>
        <translation>Send my rating</translation>
    </message>
    <message>
        <location filename="../qml/screens/Done.qml" line="86"/>
        <source>Your rating could not be saved. Please tell the staff.</source>
        <translation>Your rating could not be saved. Please tell the staff.</translation>
    </message>
    <message>
        <location filename="../qml/screens/Done.qml" line="88"/>
        <source>Thank you. We are sorry: a supervisor will look into it.</source>
        <translation>Thank you. We are sorry: a supervisor will look into it.</translation>
    </message>
    <message>
        <location filename="../qml/screens/Done.qml" line="89"/>
        <source>Thank you for your rating.</source>
        <translation>Thank you for your rating.</translation>
    </message>
    <message>
        <location filename="../qml/screens/Done.qml" line="99"/>
        <source>Next citizen</source>
        <translation>Next citizen</translation>
    </message>
    <message>
        <location filename="../qml/screens/Done.qml" line="99"/>
        <source>Finish</source>
        <translation>Finish</translation>
    </message>
</context>
<context>
    <name>Form</name>
    <message>
        <location filename="../qml/screens/Form.qml" line="9"/>
        <source>Please check the details we filled in and complete the rest.</source>
        <translation>Please check the details we filled in and complete the rest.</translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/screens/Form.qml" line="23"/>
        <source>Done within %n working day(s).</source>
        <translation>
            <numerusform>Done within %n working day.</numerusform>
            <numerusform>Done within %n working days.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../qml/screens/Form.qml" line="24"/>
        <source>Done on the spot.</source>
        <translation>Done on the spot.</translation>
    </message>
    <message>
        <location filename="../qml/screens/Form.qml" line="25"/>
        <source>Fee: %1 yuan.</source>
        <translation>Fee: %1 yuan.</translation>
    </message>
    <message>
        <location filename="../qml/screens/Form.qml" line="25"/>
        <source>No fee.</source>
        <translation>No fee.</translation>
    </message>
    <message>
        <location filename="../qml/screens/Form.qml" line="30"/>
        <source>Who must come: %1</source>
        <translation>Who must come: %1</translation>
    </message>
    <message>
        <location filename="../qml/screens/Form.qml" line="32"/>
        <source>Documents needed:</source>
        <translation>Documents needed:</translation>
    </message>
    <message>
        <location filename="../qml/screens/Form.qml" line="38"/>
        <source>(if it applies)</source>
        <translation>(if it applies)</translation>
    </message>
    <message>
        <location filename="../qml/screens/Form.qml" line="89"/>
        <source>Back</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../qml/screens/Form.qml" line="91"/>
        <source>Continue</source>
        <translation>Continue</translation>
    </message>
</context>
<context>
    <name>Identify</name>
    <message>
        <location filename="../qml/screens/Identify.qml" line="7"/>
        <source>Who is applying?</source>
        <translation>Who is applying?</translation>
    </message>
    <message>
        <location filename="../qml/screens/Identify.qml" line="10"/>
        <source>The citizen&apos;s ID card is read as soon as it is placed on the reader (or touch the button). Or type the citizen&apos;s details below.</source>
        <translation>The citizen&apos;s ID card is read as soon as it is placed on the reader (or touch the button). Or type the citizen&apos;s details below.</translation>
    </message>
    <message>
        <location filename="../qml/screens/Identify.qml" line="11"/>
        <source>Place your ID card on the reader: it is read at once (or touch the button). Or type your details below.</source>
        <translation>Place your ID card on the reader: it is read at once (or touch the button). Or type your details below.</translation>
    </message>
    <message>
        <location filename="../qml/screens/Identify.qml" line="24"/>
        <source>reading ID cards</source>
        <translation>reading ID cards</translation>
    </message>
    <message>
        <location filename="../qml/screens/Identify.qml" line="18"/>
        <source>Read my ID card</source>
        <translation>Read my ID card</translation>
    </message>
    <message>
        <location filename="../qml/screens/Identify.qml" line="18"/>
        <source>Read the ID card</source>
        <translation>Read the ID card</translation>
    </message>
    <message>
        <location filename="../qml/screens/Identify.qml" line="40"/>
        <source>Or type your details:</source>
        <translation>Or type your details:</translation>
    </message>
    <message>
        <location filename="../qml/screens/Identify.qml" line="40"/>
        <source>Or type the citizen&apos;s details:</source>
        <translation>Or type the citizen&apos;s details:</translation>
    </message>
    <message>
        <location filename="../qml/screens/Identify.qml" line="41"/>
        <source>Name (as on the ID card)</source>
        <translation>Name (as on the ID card)</translation>
    </message>
    <message>
        <location filename="../qml/screens/Identify.qml" line="46"/>
        <source>Resident ID number (18 characters)</source>
        <translation>Resident ID number (18 characters)</translation>
    </message>
    <message>
        <location filename="../qml/screens/Identify.qml" line="53"/>
        <source>checking identities</source>
        <translation>checking identities</translation>
    </message>
    <message>
        <location filename="../qml/screens/Identify.qml" line="59"/>
        <source>Sign out</source>
        <translation>Sign out</translation>
    </message>
    <message>
        <location filename="../qml/screens/Identify.qml" line="59"/>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../qml/screens/Identify.qml" line="65"/>
        <source>Today&apos;s cases</source>
        <translation>Today&apos;s cases</translation>
    </message>
    <message>
        <location filename="../qml/screens/Identify.qml" line="71"/>
        <source>Check an application</source>
        <translation>Check an application</translation>
    </message>
    <message>
        <location filename="../qml/screens/Identify.qml" line="78"/>
        <source>Continue</source>
        <translation>Continue</translation>
    </message>
</context>
<context>
    <name>IdentityPanel</name>
    <message>
        <location filename="../qml/components/IdentityPanel.qml" line="36"/>
        <source>Identity: %1</source>
        <translation>Identity: %1</translation>
    </message>
    <message>
        <location filename="../qml/components/IdentityPanel.qml" line="45"/>
        <source>Photo not shown: the reader&apos;s photo decoder is not installed. Compare the face with the card itself.</source>
        <translation>Photo not shown: the reader&apos;s photo decoder is not installed. Compare the face with the card itself.</translation>
    </message>
    <message>
        <location filename="../qml/components/IdentityPanel.qml" line="47"/>
        <source>Photo not shown: the reader&apos;s photo decoder could not decode it. Compare the face with the card itself.</source>
        <translation>Photo not shown: the reader&apos;s photo decoder could not decode it. Compare the face with the card itself.</translation>
    </message>
</context>
<context>
    <name>IdleOverlay</name>
    <message>
        <location filename="../qml/components/IdleOverlay.qml" line="23"/>
        <source>Do you need more time?</source>
        <translation>Do you need more time?</translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/components/IdleOverlay.qml" line="27"/>
        <source>This screen will lock in %n second(s). The citizen&apos;s details stay; your PIN unlocks it.</source>
        <translation>
            <numerusform>This screen will lock in %n second. The citizen&apos;s details stay; your PIN unlocks it.</numerusform>
            <numerusform>This screen will lock in %n seconds. The citizen&apos;s details stay; your PIN unlocks it.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/components/IdleOverlay.qml" line="28"/>
        <source>For your privacy, this screen will be cleared in %n second(s) and what you entered will be deleted.</source>
        <translation>
            <numerusform>For your privacy, this screen will be cleared in %n second and what you entered will be deleted.</numerusform>
            <numerusform>For your privacy, this screen will be cleared in %n seconds and what you entered will be deleted.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../qml/components/IdleOverlay.qml" line="34"/>
        <source>I need more time</source>
        <translation>I need more time</translation>
    </message>
    <message>
        <location filename="../qml/components/IdleOverlay.qml" line="40"/>
        <source>Finish and clear now</source>
        <translation>Finish and clear now</translation>
    </message>
    <message>
        <location filename="../qml/components/IdleOverlay.qml" line="40"/>
        <source>Lock now</source>
        <translation>Lock now</translation>
    </message>
</context>
<context>
    <name>LockOverlay</name>
    <message>
        <location filename="../qml/components/LockOverlay.qml" line="17"/>
        <source>Screen locked</source>
        <translation>Screen locked</translation>
    </message>
    <message>
        <location filename="../qml/components/LockOverlay.qml" line="20"/>
        <source>Window %1 · %2. The citizen&apos;s details are kept. Enter your PIN to continue.</source>
        <translation>Window %1 · %2. The citizen&apos;s details are kept. Enter your PIN to continue.</translation>
    </message>
    <message>
        <location filename="../qml/components/LockOverlay.qml" line="27"/>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <location filename="../qml/components/LockOverlay.qml" line="42"/>
        <source>Unlock</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <location filename="../qml/components/LockOverlay.qml" line="48"/>
        <source>Sign out (clears the citizen&apos;s details)</source>
        <translation>Sign out (clears the citizen&apos;s details)</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <location filename="../qml/Main.qml" line="12"/>
        <source>Single Door</source>
        <translation>Single Door</translation>
    </message>
</context>
<context>
    <name>Materials</name>
    <message>
        <location filename="../qml/screens/Materials.qml" line="7"/>
        <source>Your documents</source>
        <translation>Your documents</translation>
    </message>
    <message>
        <location filename="../qml/screens/Materials.qml" line="8"/>
        <source>For each document: scan it, or use the copy the government already holds where offered.</source>
        <translation>For each document: scan it, or use the copy the government already holds where offered.</translation>
    </message>
    <message>
        <location filename="../qml/screens/Materials.qml" line="28"/>
        <source>Supervisor&apos;s waiver</source>
        <translation>Supervisor&apos;s waiver</translation>
    </message>
    <message>
        <location filename="../qml/screens/Materials.qml" line="29"/>
        <source>Supervisor&apos;s user name</source>
        <translation>Supervisor&apos;s user name</translation>
    </message>
    <message>
        <location filename="../qml/screens/Materials.qml" line="30"/>
        <source>Supervisor&apos;s PIN</source>
        <translation>Supervisor&apos;s PIN</translation>
    </message>
    <message>
        <location filename="../qml/screens/Materials.qml" line="32"/>
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../qml/screens/Materials.qml" line="38"/>
        <source>Wrong supervisor name or PIN, or not a supervisor.</source>
        <translation>Wrong supervisor name or PIN, or not a supervisor.</translation>
    </message>
    <message>
        <location filename="../qml/screens/Materials.qml" line="39"/>
        <source>Please give a reason (at least 4 characters).</source>
        <translation>Please give a reason (at least 4 characters).</translation>
    </message>
    <message>
        <location filename="../qml/screens/Materials.qml" line="40"/>
        <source>The waiver was not recorded.</source>
        <translation>The waiver was not recorded.</translation>
    </message>
    <message>
        <location filename="../qml/screens/Materials.qml" line="43"/>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../qml/screens/Materials.qml" line="48"/>
        <source>Waive this document</source>
        <translation>Waive this document</translation>
    </message>
    <message>
        <location filename="../qml/screens/Materials.qml" line="62"/>
        <source>scanning documents with the camera</source>
        <translation>scanning documents with the camera</translation>
    </message>
    <message>
        <location filename="../qml/screens/Materials.qml" line="84"/>
        <source>You gave this with application %1; it can be used again.</source>
        <translation>You gave this with application %1; it can be used again.</translation>
    </message>
    <message>
        <location filename="../qml/screens/Materials.qml" line="91"/>
        <source>Scan again</source>
        <translation>Scan again</translation>
    </message>
    <message>
        <location filename="../qml/screens/Materials.qml" line="91"/>
        <source>Scan</source>
        <translation>Scan</translation>
    </message>
    <message>
        <location filename="../qml/screens/Materials.qml" line="97"/>
        <source>Use it again</source>
        <translation>Use it again</translation>
    </message>
    <message>
        <location filename="../qml/screens/Materials.qml" line="103"/>
        <source>Supervisor waiver</source>
        <translation>Supervisor waiver</translation>
    </message>
    <message>
        <location filename="../qml/screens/Materials.qml" line="109"/>
        <source>Use data sharing</source>
        <translation>Use data sharing</translation>
    </message>
    <message>
        <location filename="../qml/screens/Materials.qml" line="118"/>
        <source>Back</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../qml/screens/Materials.qml" line="120"/>
        <source>Continue</source>
        <translation>Continue</translation>
    </message>
</context>
<context>
    <name>NotAvailable</name>
    <message>
        <location filename="../qml/components/NotAvailable.qml" line="20"/>
        <source>Not available on this terminal: %1</source>
        <translation>Not available on this terminal: %1</translation>
    </message>
    <message>
        <location filename="../qml/components/NotAvailable.qml" line="21"/>
        <source>Not available on this terminal.</source>
        <translation>Not available on this terminal.</translation>
    </message>
    <message>
        <location filename="../qml/components/NotAvailable.qml" line="34"/>
        <source>Please ask a member of staff for help.</source>
        <translation>Please ask a member of staff for help.</translation>
    </message>
</context>
<context>
    <name>Page</name>
    <message>
        <location filename="../qml/components/Page.qml" line="45"/>
        <source>Step %1 of %2</source>
        <translation>Step %1 of %2</translation>
    </message>
</context>
<context>
    <name>Review</name>
    <message>
        <location filename="../qml/screens/Review.qml" line="7"/>
        <source>Check and submit</source>
        <translation>Check and submit</translation>
    </message>
    <message>
        <location filename="../qml/screens/Review.qml" line="8"/>
        <source>Nothing is sent until you press Submit.</source>
        <translation>Nothing is sent until you press Submit.</translation>
    </message>
    <message>
        <location filename="../qml/screens/Review.qml" line="29"/>
        <source>Service: %1</source>
        <translation>Service: %1</translation>
    </message>
    <message>
        <location filename="../qml/screens/Review.qml" line="62"/>
        <source>Your answers</source>
        <translation>Your answers</translation>
    </message>
    <message>
        <location filename="../qml/screens/Review.qml" line="72"/>
        <source>Documents</source>
        <translation>Documents</translation>
    </message>
    <message>
        <location filename="../qml/screens/Review.qml" line="35"/>
        <source>Everything needed is here.</source>
        <translation>Everything needed is here.</translation>
    </message>
    <message>
        <location filename="../qml/screens/Review.qml" line="18"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../qml/screens/Review.qml" line="35"/>
        <source>Before you can submit:</source>
        <translation>Before you can submit:</translation>
    </message>
    <message>
        <location filename="../qml/screens/Review.qml" line="44"/>
        <source>Document missing: %1</source>
        <translation>Document missing: %1</translation>
    </message>
    <message>
        <location filename="../qml/screens/Review.qml" line="45"/>
        <source>Form: %1</source>
        <translation>Form: %1</translation>
    </message>
    <message>
        <location filename="../qml/screens/Review.qml" line="85"/>
        <source>Back</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../qml/screens/Review.qml" line="87"/>
        <source>Submit</source>
        <translation>Submit</translation>
    </message>
</context>
<context>
    <name>Service</name>
    <message>
        <location filename="../qml/screens/Service.qml" line="9"/>
        <source>Which service do you need?</source>
        <translation>Which service do you need?</translation>
    </message>
    <message>
        <location filename="../qml/screens/Service.qml" line="10"/>
        <source>Type a few letters: Chinese characters, pinyin, initials (for example hk) or English.</source>
        <translation>Type a few letters: Chinese characters, pinyin, initials (for example hk) or English.</translation>
    </message>
    <message>
        <location filename="../qml/screens/Service.qml" line="23"/>
        <location filename="../qml/screens/Service.qml" line="34"/>
        <source>Search services</source>
        <translation>Search services</translation>
    </message>
    <message>
        <location filename="../qml/screens/Service.qml" line="39"/>
        <source>the service catalogue</source>
        <translation>the service catalogue</translation>
    </message>
    <message>
        <location filename="../qml/screens/Service.qml" line="45"/>
        <source>No service matches. Try fewer letters or ask a member of staff.</source>
        <translation>No service matches. Try fewer letters or ask a member of staff.</translation>
    </message>
    <message>
        <location filename="../qml/screens/Service.qml" line="51"/>
        <source>Or choose a category:</source>
        <translation>Or choose a category:</translation>
    </message>
    <message>
        <location filename="../qml/screens/Service.qml" line="79"/>
        <source>Category: %1</source>
        <translation>Category: %1</translation>
    </message>
    <message>
        <location filename="../qml/screens/Service.qml" line="85"/>
        <source>All categories</source>
        <translation>All categories</translation>
    </message>
    <message>
        <location filename="../qml/screens/Service.qml" line="92"/>
        <source>Frequent services:</source>
        <translation>Frequent services:</translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/screens/Service.qml" line="103"/>
        <source>%n working day(s)</source>
        <translation>
            <numerusform>%n working day</numerusform>
            <numerusform>%n working days</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../qml/screens/Service.qml" line="103"/>
        <source>done on the spot</source>
        <translation>done on the spot</translation>
    </message>
    <message>
        <location filename="../qml/screens/Service.qml" line="109"/>
        <source>Back</source>
        <translation>Back</translation>
    </message>
</context>
<context>
    <name>SimBand</name>
    <message>
        <location filename="../qml/components/SimBand.qml" line="12"/>
        <source>SIMULATED DEVICES / 模拟设备</source>
        <translation>SIMULATED DEVICES / 模拟设备</translation>
    </message>
</context>
<context>
    <name>Status</name>
    <message>
        <location filename="../qml/screens/Status.qml" line="10"/>
        <source>Check an application</source>
        <translation>Check an application</translation>
    </message>
    <message>
        <location filename="../qml/screens/Status.qml" line="13"/>
        <source>The citizen&apos;s ID card is read as soon as it is placed on the reader (or touch the button). Or type the case number printed on the slip.</source>
        <translation>The citizen&apos;s ID card is read as soon as it is placed on the reader (or touch the button). Or type the case number printed on the slip.</translation>
    </message>
    <message>
        <location filename="../qml/screens/Status.qml" line="14"/>
        <source>Place your ID card on the reader: it is read at once (or touch the button). Or type the case number printed on your slip.</source>
        <translation>Place your ID card on the reader: it is read at once (or touch the button). Or type the case number printed on your slip.</translation>
    </message>
    <message>
        <location filename="../qml/screens/Status.qml" line="21"/>
        <source>Read the ID card</source>
        <translation>Read the ID card</translation>
    </message>
    <message>
        <location filename="../qml/screens/Status.qml" line="27"/>
        <source>Show the citizen&apos;s applications</source>
        <translation>Show the citizen&apos;s applications</translation>
    </message>
    <message>
        <location filename="../qml/screens/Status.qml" line="67"/>
        <source>The citizen&apos;s applications made here (%1)</source>
        <translation>The citizen&apos;s applications made here (%1)</translation>
    </message>
    <message>
        <location filename="../qml/screens/Status.qml" line="108"/>
        <source>Or the case number on the slip:</source>
        <translation>Or the case number on the slip:</translation>
    </message>
    <message>
        <location filename="../qml/screens/Status.qml" line="114"/>
        <source>Case number</source>
        <translation>Case number</translation>
    </message>
    <message>
        <location filename="../qml/screens/Status.qml" line="115"/>
        <source>This is not a valid case number. Please check it.</source>
        <translation>This is not a valid case number. Please check it.</translation>
    </message>
    <message>
        <location filename="../qml/screens/Status.qml" line="116"/>
        <source>No application with this number was made here.</source>
        <translation>No application with this number was made here.</translation>
    </message>
    <message>
        <location filename="../qml/screens/Status.qml" line="122"/>
        <source>Check</source>
        <translation>Check</translation>
    </message>
    <message>
        <location filename="../qml/screens/Status.qml" line="129"/>
        <source>Or hold the QR code on your slip to the camera</source>
        <translation>Or hold the QR code on your slip to the camera</translation>
    </message>
    <message>
        <location filename="../qml/screens/Status.qml" line="129"/>
        <source>Or hold the slip&apos;s QR code to the camera</source>
        <translation>Or hold the slip&apos;s QR code to the camera</translation>
    </message>
    <message>
        <location filename="../qml/screens/Status.qml" line="150"/>
        <source>Looking for the QR code…</source>
        <translation>Looking for the QR code…</translation>
    </message>
    <message>
        <location filename="../qml/screens/Status.qml" line="157"/>
        <source>Stop</source>
        <translation>Stop</translation>
    </message>
    <message>
        <location filename="../qml/screens/Status.qml" line="163"/>
        <source>looking up applications</source>
        <translation>looking up applications</translation>
    </message>
    <message>
        <location filename="../qml/screens/Status.qml" line="95"/>
        <location filename="../qml/screens/Status.qml" line="171"/>
        <source>Case number: %1</source>
        <translation>Case number: %1</translation>
    </message>
    <message>
        <location filename="../qml/screens/Status.qml" line="21"/>
        <source>Read my ID card</source>
        <translation>Read my ID card</translation>
    </message>
    <message>
        <location filename="../qml/screens/Status.qml" line="27"/>
        <source>Show my applications</source>
        <translation>Show my applications</translation>
    </message>
    <message>
        <location filename="../qml/screens/Status.qml" line="40"/>
        <source>reading ID cards</source>
        <translation>reading ID cards</translation>
    </message>
    <message>
        <location filename="../qml/screens/Status.qml" line="68"/>
        <source>Your applications made here (%1)</source>
        <translation>Your applications made here (%1)</translation>
    </message>
    <message>
        <location filename="../qml/screens/Status.qml" line="75"/>
        <source>No applications made with this card were found at this terminal.</source>
        <translation>No applications made with this card were found at this terminal.</translation>
    </message>
    <message>
        <location filename="../qml/screens/Status.qml" line="96"/>
        <location filename="../qml/screens/Status.qml" line="172"/>
        <source>Status: %1</source>
        <translation>Status: %1</translation>
    </message>
    <message>
        <location filename="../qml/screens/Status.qml" line="101"/>
        <location filename="../qml/screens/Status.qml" line="176"/>
        <source>Promised by: %1</source>
        <translation>Promised by: %1</translation>
    </message>
    <message>
        <location filename="../qml/screens/Status.qml" line="108"/>
        <source>Or the case number on your slip:</source>
        <translation>Or the case number on your slip:</translation>
    </message>
    <message>
        <location filename="../qml/screens/Status.qml" line="182"/>
        <source>Back</source>
        <translation>Back</translation>
    </message>
</context>
<context>
    <name>TechLogin</name>
    <message>
        <location filename="../qml/screens/TechLogin.qml" line="11"/>
        <source>Technician sign-in</source>
        <translation>Technician sign-in</translation>
    </message>
    <message>
        <location filename="../qml/screens/TechLogin.qml" line="13"/>
        <source>User name</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../qml/screens/TechLogin.qml" line="14"/>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <location filename="../qml/screens/TechLogin.qml" line="26"/>
        <source>Sign in</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <location filename="../qml/screens/TechLogin.qml" line="32"/>
        <source>Back</source>
        <translation>Back</translation>
    </message>
</context>
<context>
    <name>Technician</name>
    <message>
        <location filename="../qml/screens/Technician.qml" line="8"/>
        <source>Technician</source>
        <translation>Technician</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="9"/>
        <source>Parts of the system, the sync queue and the recent log. No personal data is shown here.</source>
        <translation>Parts of the system, the sync queue and the recent log. No personal data is shown here.</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="13"/>
        <source>Parts</source>
        <translation>Parts</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="24"/>
        <source>installed</source>
        <translation>installed</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="25"/>
        <source>not installed</source>
        <translation>not installed</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="37"/>
        <source>State: %1</source>
        <translation>State: %1</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="55"/>
        <source>%1: a card is on it</source>
        <translation>%1: a card is on it</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="55"/>
        <source>%1: no card</source>
        <translation>%1: no card</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="61"/>
        <source>No PC/SC reader connected.</source>
        <translation>No PC/SC reader connected.</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="70"/>
        <source>reader connected</source>
        <translation>reader connected</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="70"/>
        <source>reader removed</source>
        <translation>reader removed</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="71"/>
        <source>card placed</source>
        <translation>card placed</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="71"/>
        <source>card taken away</source>
        <translation>card taken away</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="73"/>
        <source>Latest events:</source>
        <translation>Latest events:</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="120"/>
        <source>Slip printer</source>
        <translation>Slip printer</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="36"/>
        <location filename="../qml/screens/Technician.qml" line="124"/>
        <source>No status yet.</source>
        <translation>No status yet.</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="125"/>
        <source>Online: %1, paper: %2, error: %3</source>
        <translation>Online: %1, paper: %2, error: %3</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="126"/>
        <source>none</source>
        <translation>none</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="31"/>
        <source>Card readers (PC/SC)</source>
        <translation>Card readers (PC/SC)</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="75"/>
        <source>Test read (put a card on a PC/SC reader)</source>
        <translation>Test read (put a card on a PC/SC reader)</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="82"/>
        <source>Reading on %1…</source>
        <translation>Reading on %1…</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="84"/>
        <source>%1: ATR %2 · connected in %3 ms · SELECT of the passport application in %4 ms (answer %5)</source>
        <translation>%1: ATR %2 · connected in %3 ms · SELECT of the passport application in %4 ms (answer %5)</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="87"/>
        <source>No read on %1: %2</source>
        <translation>No read on %1: %2</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="95"/>
        <source>This is a virtual reader (the vsmartcard simulator): for tests and training only, never for serving citizens.</source>
        <translation>This is a virtual reader (the vsmartcard simulator): for tests and training only, never for serving citizens.</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="98"/>
        <source>Resident ID card reader (GA/T 467)</source>
        <translation>Resident ID card reader (GA/T 467)</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="100"/>
        <source>Serial port, e.g. /dev/ttyUSB0 (empty: none, or the simulator)</source>
        <translation>Serial port, e.g. /dev/ttyUSB0 (empty: none, or the simulator)</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="105"/>
        <source>Save the port</source>
        <translation>Save the port</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="106"/>
        <source>Test read (put a card on the reader)</source>
        <translation>Test read (put a card on the reader)</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="114"/>
        <source>Reading…</source>
        <translation>Reading…</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="115"/>
        <source>A card was read in %1 ms.</source>
        <translation>A card was read in %1 ms.</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="116"/>
        <source>No read after %1 ms: %2</source>
        <translation>No read after %1 ms: %2</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="139"/>
        <source>Printer URI (usb://VID:PID, tcp://HOST:9100, serial:///dev/ttyS0, cups://QUEUE, file:///PATH)</source>
        <translation>Printer URI (usb://VID:PID, tcp://HOST:9100, serial:///dev/ttyS0, cups://QUEUE, file:///PATH)</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="146"/>
        <source>Printer profile (e.g. TM-T20II for 80 mm, POS-5890 for 58 mm)</source>
        <translation>Printer profile (e.g. TM-T20II for 80 mm, POS-5890 for 58 mm)</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="152"/>
        <source>Paper width (mm): 58 or 80</source>
        <translation>Paper width (mm): 58 or 80</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="155"/>
        <source>Dots per line (384 on 58 mm, 576 on 80 mm)</source>
        <translation>Dots per line (384 on 58 mm, 576 on 80 mm)</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="160"/>
        <source>Save printer settings</source>
        <translation>Save printer settings</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="162"/>
        <source>Save the paper width</source>
        <translation>Save the paper width</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="167"/>
        <source>Saved to the configuration file.</source>
        <translation>Saved to the configuration file.</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="173"/>
        <source>Print a test page</source>
        <translation>Print a test page</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="177"/>
        <source>Test page sent to the printer.</source>
        <translation>Test page sent to the printer.</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="178"/>
        <source>The test page could not be printed (see the log).</source>
        <translation>The test page could not be printed (see the log).</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="181"/>
        <source>Latest print jobs</source>
        <translation>Latest print jobs</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="191"/>
        <source>attempts: %1</source>
        <translation>attempts: %1</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="195"/>
        <source>Document camera</source>
        <translation>Document camera</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="197"/>
        <source>Source (index, /dev/video2, rtsp://…, a video file, or simulator)</source>
        <translation>Source (index, /dev/video2, rtsp://…, a video file, or simulator)</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="202"/>
        <source>Width (px)</source>
        <translation>Width (px)</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="204"/>
        <source>Height (px)</source>
        <translation>Height (px)</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="210"/>
        <source>Save camera settings</source>
        <translation>Save camera settings</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="213"/>
        <source>Stop the camera</source>
        <translation>Stop the camera</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="213"/>
        <source>Look through the camera</source>
        <translation>Look through the camera</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="215"/>
        <source>Calibrate the blur threshold</source>
        <translation>Calibrate the blur threshold</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="217"/>
        <source>Record the empty desk</source>
        <translation>Record the empty desk</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="263"/>
        <source>No page in view.</source>
        <translation>No page in view.</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="264"/>
        <source>Blur %1 · glare %2 · DPI %3</source>
        <translation>Blur %1 · glare %2 · DPI %3</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="273"/>
        <source>Lay sharp pages under the camera one after another: %1 of %2 taken.</source>
        <translation>Lay sharp pages under the camera one after another: %1 of %2 taken.</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="274"/>
        <source>Blur threshold %1 saved.</source>
        <translation>Blur threshold %1 saved.</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="275"/>
        <source>Calibration stopped (see the log).</source>
        <translation>Calibration stopped (see the log).</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="276"/>
        <source>Blur threshold: %1 (0: the built-in default).</source>
        <translation>Blur threshold: %1 (0: the built-in default).</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="281"/>
        <source>Recording the empty desk…</source>
        <translation>Recording the empty desk…</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="283"/>
        <source>Empty desk recorded. It is plain: nothing on it would be taken for a page anyway.</source>
        <translation>Empty desk recorded. It is plain: nothing on it would be taken for a page anyway.</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="284"/>
        <source>Empty desk recorded (pattern %1): its pattern is no longer taken for a page.</source>
        <translation>Empty desk recorded (pattern %1): its pattern is no longer taken for a page.</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="285"/>
        <source>Not recorded: a page seems to lie on the desk. Clear the desk and record it again.</source>
        <translation>Not recorded: a page seems to lie on the desk. Clear the desk and record it again.</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="286"/>
        <source>The empty desk was not recorded: the camera gave no picture (see the log).</source>
        <translation>The empty desk was not recorded: the camera gave no picture (see the log).</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="287"/>
        <source>Clear the desk under the camera, then record it: a grid or checked cloth on it is then not taken for a page.</source>
        <translation>Clear the desk under the camera, then record it: a grid or checked cloth on it is then not taken for a page.</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="289"/>
        <source>Sync</source>
        <translation>Sync</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="293"/>
        <source>Sync status not available: %1</source>
        <translation>Sync status not available: %1</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="294"/>
        <source>Waiting: %1, delivered: %2, quarantined: %3, enrolled: %4</source>
        <translation>Waiting: %1, delivered: %2, quarantined: %3, enrolled: %4</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="298"/>
        <source>yes</source>
        <translation>yes</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="298"/>
        <source>no</source>
        <translation>no</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="301"/>
        <source>Platform URL</source>
        <translation>Platform URL</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="303"/>
        <source>One-time enrolment token</source>
        <translation>One-time enrolment token</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="305"/>
        <source>CA file (empty: the system&apos;s)</source>
        <translation>CA file (empty: the system&apos;s)</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="312"/>
        <source>Find certificate files</source>
        <translation>Find certificate files</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="313"/>
        <source>Use this CA file</source>
        <translation>Use this CA file</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="332"/>
        <source>CA file saved to the configuration file; it is used from the next enrolment.</source>
        <translation>CA file saved to the configuration file; it is used from the next enrolment.</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="337"/>
        <source>Enrol this kiosk</source>
        <translation>Enrol this kiosk</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="343"/>
        <source>Enrolled with the platform.</source>
        <translation>Enrolled with the platform.</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="344"/>
        <source>Enrolling…</source>
        <translation>Enrolling…</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="350"/>
        <source>Retry quarantined cases</source>
        <translation>Retry quarantined cases</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="354"/>
        <source>Retry failed (see the log).</source>
        <translation>Retry failed (see the log).</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="355"/>
        <source>%1 case(s) put back in the queue.</source>
        <translation>%1 case(s) put back in the queue.</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="360"/>
        <source>Longest screen freeze since start: %1 ms</source>
        <translation>Longest screen freeze since start: %1 ms</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="362"/>
        <source>Diagnostics bundle</source>
        <translation>Diagnostics bundle</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="367"/>
        <source>Folder (e.g. a USB stick)</source>
        <translation>Folder (e.g. a USB stick)</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="372"/>
        <source>Export the diagnostics bundle</source>
        <translation>Export the diagnostics bundle</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="377"/>
        <source>Configuration without secrets, versions, device list, recent logs; no personal data.</source>
        <translation>Configuration without secrets, versions, device list, recent logs; no personal data.</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="378"/>
        <source>Written: %1</source>
        <translation>Written: %1</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="381"/>
        <source>Recent log</source>
        <translation>Recent log</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="391"/>
        <source>(the log is empty)</source>
        <translation>(the log is empty)</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="401"/>
        <source>Sign out</source>
        <translation>Sign out</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="403"/>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
</context>
<context>
    <name>TopBar</name>
    <message>
        <location filename="../qml/components/TopBar.qml" line="19"/>
        <source>Window %1 · %2</source>
        <translation>Window %1 · %2</translation>
    </message>
    <message>
        <location filename="../qml/components/TopBar.qml" line="20"/>
        <source>Window %1</source>
        <translation>Window %1</translation>
    </message>
    <message>
        <location filename="../qml/components/TopBar.qml" line="21"/>
        <source>Single Door</source>
        <translation>Single Door</translation>
    </message>
    <message>
        <location filename="../qml/components/TopBar.qml" line="40"/>
        <source>Read aloud</source>
        <translation>Read aloud</translation>
    </message>
    <message>
        <location filename="../qml/components/TopBar.qml" line="46"/>
        <source>Larger text</source>
        <translation>Larger text</translation>
    </message>
    <message>
        <location filename="../qml/components/TopBar.qml" line="52"/>
        <source>High contrast</source>
        <translation>High contrast</translation>
    </message>
</context>
<context>
    <name>TrainingHint</name>
    <message>
        <location filename="../qml/components/TrainingHint.qml" line="26"/>
        <source>Training account (simulated devices): user name %1, PIN %2</source>
        <translation>Training account (simulated devices): user name %1, PIN %2</translation>
    </message>
</context>
<context>
    <name>words</name>
    <message>
        <location filename="../qml/components/words.js" line="5"/>
        <source>Please fill this in.</source>
        <translation>Please fill this in.</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="6"/>
        <location filename="../qml/components/words.js" line="25"/>
        <source>This is not a valid resident ID number. Please check it.</source>
        <translation>This is not a valid resident ID number. Please check it.</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="7"/>
        <source>This is not a valid mobile number.</source>
        <translation>This is not a valid mobile number.</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="8"/>
        <source>This is too long.</source>
        <translation>This is too long.</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="9"/>
        <source>Please enter a date as YYYY-MM-DD.</source>
        <translation>Please enter a date as YYYY-MM-DD.</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="10"/>
        <source>Please choose one of the options.</source>
        <translation>Please choose one of the options.</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="11"/>
        <source>Please check this entry.</source>
        <translation>Please check this entry.</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="15"/>
        <source>Wrong user name or PIN.</source>
        <translation>Wrong user name or PIN.</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="16"/>
        <source>This account is locked after too many wrong PINs. Try later or ask a supervisor.</source>
        <translation>This account is locked after too many wrong PINs. Try later or ask a supervisor.</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="17"/>
        <source>This account may not open this screen.</source>
        <translation>This account may not open this screen.</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="18"/>
        <source>Sign-in is not available on this terminal.</source>
        <translation>Sign-in is not available on this terminal.</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="19"/>
        <source>Sign-in failed. Please try again.</source>
        <translation>Sign-in failed. Please try again.</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="26"/>
        <source>These details could not be checked. Please check them.</source>
        <translation>These details could not be checked. Please check them.</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="30"/>
        <source>Scanned</source>
        <translation>Scanned</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="31"/>
        <source>Obtained through data sharing</source>
        <translation>Obtained through data sharing</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="32"/>
        <source>Reused from an earlier application</source>
        <translation>Reused from an earlier application</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="33"/>
        <source>Waived by a supervisor</source>
        <translation>Waived by a supervisor</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="34"/>
        <source>Not yet provided</source>
        <translation>Not yet provided</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="38"/>
        <source>Printing your slip…</source>
        <translation>Printing your slip…</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="39"/>
        <source>Your slip is printing. Please take it.</source>
        <translation>Your slip is printing. Please take it.</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="40"/>
        <source>The slip printer is not available. Please write down your case number.</source>
        <translation>The slip printer is not available. Please write down your case number.</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="41"/>
        <source>The slip could not be printed. Staff can reprint it with your case number.</source>
        <translation>The slip could not be printed. Staff can reprint it with your case number.</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="46"/>
        <source>Local store</source>
        <translation>Local store</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="47"/>
        <source>Operator accounts</source>
        <translation>Operator accounts</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="48"/>
        <source>Service catalogue</source>
        <translation>Service catalogue</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="49"/>
        <source>Cases</source>
        <translation>Cases</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="50"/>
        <source>Card readers</source>
        <translation>Card readers</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="51"/>
        <source>Document camera</source>
        <translation>Document camera</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="52"/>
        <source>Slip printer</source>
        <translation>Slip printer</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="53"/>
        <source>Slip printer status</source>
        <translation>Slip printer status</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="54"/>
        <source>Sync to the platform</source>
        <translation>Sync to the platform</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="59"/>
        <source>Reading the card… keep it on the reader.</source>
        <translation>Reading the card… keep it on the reader.</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="60"/>
        <source>No card found. Place the ID card on the reader and try again.</source>
        <translation>No card found. Place the ID card on the reader and try again.</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="61"/>
        <source>No card found. Place your ID card on the reader and try again.</source>
        <translation>No card found. Place your ID card on the reader and try again.</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="62"/>
        <source>The card could not be read. Lift it and place it again.</source>
        <translation>The card could not be read. Lift it and place it again.</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="63"/>
        <source>The chip did not accept these details. Check the document number and the dates.</source>
        <translation>The chip did not accept these details. Check the document number and the dates.</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="68"/>
        <source>read from the card&apos;s chip (signature checked)</source>
        <translation>read from the card&apos;s chip (signature checked)</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="69"/>
        <source>read from the document (check digits only)</source>
        <translation>read from the document (check digits only)</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="70"/>
        <source>typed in</source>
        <translation>typed in</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="75"/>
        <source>yes</source>
        <translation>yes</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="76"/>
        <source>no</source>
        <translation>no</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="77"/>
        <location filename="../qml/components/words.js" line="84"/>
        <source>unknown</source>
        <translation>unknown</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="81"/>
        <source>ok</source>
        <translation>ok</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="82"/>
        <source>running low</source>
        <translation>running low</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="83"/>
        <source>out</source>
        <translation>out</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="88"/>
        <source>not enrolled with the platform</source>
        <translation>not enrolled with the platform</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="89"/>
        <source>idle</source>
        <translation>idle</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="90"/>
        <source>sending</source>
        <translation>sending</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="91"/>
        <source>waiting to retry</source>
        <translation>waiting to retry</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="92"/>
        <source>paused by the platform</source>
        <translation>paused by the platform</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="93"/>
        <source>error (see the log)</source>
        <translation>error (see the log)</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="94"/>
        <source>stopped</source>
        <translation>stopped</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="99"/>
        <source>received here, waiting to be sent to the department</source>
        <translation>received here, waiting to be sent to the department</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="100"/>
        <source>with the department</source>
        <translation>with the department</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="101"/>
        <source>accepted, being processed</source>
        <translation>accepted, being processed</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="102"/>
        <source>more documents needed</source>
        <translation>more documents needed</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="103"/>
        <source>not approved</source>
        <translation>not approved</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="104"/>
        <source>completed</source>
        <translation>completed</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="105"/>
        <source>withdrawn</source>
        <translation>withdrawn</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="110"/>
        <source>Nothing to do now. We will tell you when it is ready.</source>
        <translation>Nothing to do now. We will tell you when it is ready.</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="111"/>
        <source>Please bring the missing documents to a counter. Staff will tell you everything that is needed at once.</source>
        <translation>Please bring the missing documents to a counter. Staff will tell you everything that is needed at once.</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="112"/>
        <source>Please ask at a counter for the reasons and how to appeal.</source>
        <translation>Please ask at a counter for the reasons and how to appeal.</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="113"/>
        <source>Your result is ready. Please collect it at a counter if it is not sent to you.</source>
        <translation>Your result is ready. Please collect it at a counter if it is not sent to you.</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="118"/>
        <source>Camera ready.</source>
        <translation>Camera ready.</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="119"/>
        <source>Starting the camera…</source>
        <translation>Starting the camera…</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="120"/>
        <source>The camera stream ended.</source>
        <translation>The camera stream ended.</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="121"/>
        <source>The camera is not working. Please ask a member of staff.</source>
        <translation>The camera is not working. Please ask a member of staff.</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="126"/>
        <source>The picture is blurred. Hold the page still.</source>
        <translation>The picture is blurred. Hold the page still.</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="127"/>
        <source>There is glare on the page. Tilt it away from the light.</source>
        <translation>There is glare on the page. Tilt it away from the light.</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="128"/>
        <source>Part of the page is outside the picture.</source>
        <translation>Part of the page is outside the picture.</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="129"/>
        <source>The page is too small. Bring it closer.</source>
        <translation>The page is too small. Bring it closer.</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="130"/>
        <source>Too little detail. Bring the page closer.</source>
        <translation>Too little detail. Bring the page closer.</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="131"/>
        <source>Detail is just enough; closer would be better.</source>
        <translation>Detail is just enough; closer would be better.</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="132"/>
        <source>Is this the page? If it is, touch &quot;Take the page now&quot;.</source>
        <translation>Is this the page? If it is, touch &quot;Take the page now&quot;.</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="133"/>
        <source>The page could not be checked. Try again.</source>
        <translation>The page could not be checked. Try again.</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="139"/>
        <source>No document in view yet.</source>
        <translation>No document in view yet.</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="140"/>
        <source>Document found. Hold it still…</source>
        <translation>Document found. Hold it still…</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="141"/>
        <source>Reading the lines…</source>
        <translation>Reading the lines…</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="142"/>
        <source>The lines do not read. Lay the page flat and out of reflections, or type the details below.</source>
        <translation>The lines do not read. Lay the page flat and out of reflections, or type the details below.</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="148"/>
        <source>connected</source>
        <translation>connected</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="149"/>
        <source>connecting</source>
        <translation>connecting</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="150"/>
        <source>not connected</source>
        <translation>not connected</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="151"/>
        <source>error</source>
        <translation>error</translation>
    </message>
</context>
</TS>
