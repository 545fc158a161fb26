<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>ApologyOverlay</name>
    <message>
        <location filename="../qml/components/ApologyOverlay.qml" line="14"/>
        <source>Sorry, something went wrong.</source>
        <translation>抱歉，出现了问题。</translation>
    </message>
    <message>
        <location filename="../qml/components/ApologyOverlay.qml" line="17"/>
        <source>For your privacy, everything you entered has been cleared. Please start again, or ask a member of staff for help.</source>
        <translation>为保护您的隐私，您输入的所有内容已清除。请重新开始，或请工作人员协助。</translation>
    </message>
    <message>
        <location filename="../qml/components/ApologyOverlay.qml" line="23"/>
        <source>Start again</source>
        <translation>重新开始</translation>
    </message>
</context>
<context>
    <name>Attract</name>
    <message>
        <location filename="../qml/screens/Attract.qml" line="14"/>
        <source>Welcome to the service hall</source>
        <translation>欢迎来到政务服务大厅</translation>
    </message>
    <message>
        <location filename="../qml/screens/Attract.qml" line="19"/>
        <source>Apply for a service, hand in documents and get a receipt, all at this terminal.</source>
        <translation>在本机即可申请办事、提交材料并取得回执。</translation>
    </message>
    <message>
        <location filename="../qml/screens/Attract.qml" line="39"/>
        <source>Touch here to start</source>
        <translation>点击此处开始</translation>
    </message>
    <message>
        <location filename="../qml/screens/Attract.qml" line="45"/>
        <source>Check an application</source>
        <translation>查询办件进度</translation>
    </message>
</context>
<context>
    <name>BusyOverlay</name>
    <message>
        <location filename="../qml/components/BusyOverlay.qml" line="12"/>
        <source>Working…</source>
        <translation>正在处理…</translation>
    </message>
</context>
<context>
    <name>Capture</name>
    <message>
        <location filename="../qml/screens/Capture.qml" line="10"/>
        <source>Scan: %1</source>
        <translation>扫描：%1</translation>
    </message>
    <message>
        <location filename="../qml/screens/Capture.qml" line="20"/>
        <source>Lay the card flat under the camera, one side at a time. It is taken by itself when it is still and sharp.</source>
        <translation>请将证件平放在高拍仪下，正反面各拍一次。画面稳定清晰时会自动拍摄。</translation>
    </message>
    <message>
        <location filename="../qml/screens/Capture.qml" line="21"/>
        <source>Lay the card flat under the camera. It is taken by itself when it is still and sharp.</source>
        <translation>请将证件平放在高拍仪下。画面稳定清晰时会自动拍摄。</translation>
    </message>
    <message>
        <location filename="../qml/screens/Capture.qml" line="23"/>
        <source>Lay the passport open at its photo page under the camera. It is taken by itself when it is still and sharp.</source>
        <translation>请将护照翻到照片页，平放在高拍仪下。画面稳定清晰时会自动拍摄。</translation>
    </message>
    <message>
        <location filename="../qml/screens/Capture.qml" line="24"/>
        <source>Lay the page flat under the camera. It is taken by itself when it is still and sharp.</source>
        <translation>请将材料平放在高拍仪下。画面稳定清晰时会自动拍摄。</translation>
    </message>
    <message>
        <location filename="../qml/screens/Capture.qml" line="182"/>
        <source>Pages taken: %1 (needed: %2)</source>
        <translation>已拍摄：%1页（需要：%2页）</translation>
    </message>
    <message>
        <location filename="../qml/screens/Capture.qml" line="188"/>
        <source>Page taken. Lay the next page, or touch Done.</source>
        <translation>已拍好。请放下一页，或点击“这份材料拍好了”。</translation>
    </message>
    <message>
        <location filename="../qml/screens/Capture.qml" line="189"/>
        <source>No page in view yet.</source>
        <translation>画面中还没有检测到材料。</translation>
    </message>
    <message>
        <location filename="../qml/screens/Capture.qml" line="195"/>
        <source>Checking the page…</source>
        <translation>正在检查这一页…</translation>
    </message>
    <message>
        <location filename="../qml/screens/Capture.qml" line="196"/>
        <source>Drag the four round handles onto the corners of the page.</source>
        <translation>请把四个圆形标记拖到材料的四个角上。</translation>
    </message>
    <message>
        <location filename="../qml/screens/Capture.qml" line="215"/>
        <source>Take the page now</source>
        <translation>立即拍摄</translation>
    </message>
    <message>
        <location filename="../qml/screens/Capture.qml" line="223"/>
        <source>Adjust corners</source>
        <translation>手动调整四角</translation>
    </message>
    <message>
        <location filename="../qml/screens/Capture.qml" line="235"/>
        <source>Back to the live picture</source>
        <translation>返回实时画面</translation>
    </message>
    <message>
        <location filename="../qml/screens/Capture.qml" line="244"/>
        <source>Use these corners</source>
        <translation>按这四个角拍摄</translation>
    </message>
    <message>
        <location filename="../qml/screens/Capture.qml" line="280"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../qml/screens/Capture.qml" line="286"/>
        <source>Done with this document</source>
        <translation>这份材料拍好了</translation>
    </message>
</context>
<context>
    <name>Cases</name>
    <message>
        <location filename="../qml/screens/Cases.qml" line="9"/>
        <source>Today&apos;s cases</source>
        <translation>今日办件</translation>
    </message>
    <message>
        <location filename="../qml/screens/Cases.qml" line="10"/>
        <source>Names are masked. Reprint a slip if the citizen lost it or the printer failed.</source>
        <translation>姓名已脱敏。如群众遗失回执或打印失败，可补打。</translation>
    </message>
    <message>
        <location filename="../qml/screens/Cases.qml" line="33"/>
        <source>Withdraw case %1 (supervisor)</source>
        <translation>撤回办件 %1（需主管）</translation>
    </message>
    <message>
        <location filename="../qml/screens/Cases.qml" line="35"/>
        <source>Only a case the platform has not received yet can be withdrawn here; once delivered, the department withdraws it.</source>
        <translation>只有平台尚未接收的办件可在此撤回；已上报的办件须由承办部门撤回。</translation>
    </message>
    <message>
        <location filename="../qml/screens/Cases.qml" line="36"/>
        <source>Supervisor&apos;s user name</source>
        <translation>主管用户名</translation>
    </message>
    <message>
        <location filename="../qml/screens/Cases.qml" line="37"/>
        <source>Supervisor&apos;s PIN</source>
        <translation>主管密码</translation>
    </message>
    <message>
        <location filename="../qml/screens/Cases.qml" line="39"/>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <location filename="../qml/screens/Cases.qml" line="45"/>
        <source>Wrong supervisor name or PIN, or not a supervisor.</source>
        <translation>主管用户名或密码错误，或该账号不是主管。</translation>
    </message>
    <message>
        <location filename="../qml/screens/Cases.qml" line="46"/>
        <source>Please give a reason (at least 4 characters).</source>
        <translation>请填写原因（至少 4 个字）。</translation>
    </message>
    <message>
        <location filename="../qml/screens/Cases.qml" line="47"/>
        <source>Not withdrawn: the platform has already received this case. Only the department handling it can withdraw it now; ask the citizen to contact them.</source>
        <translation>未撤回：平台已接收此办件，现只能由承办部门撤回，请群众联系承办部门。</translation>
    </message>
    <message>
        <location filename="../qml/screens/Cases.qml" line="48"/>
        <source>Not withdrawn: the case is being sent to the platform right now. Try again in a minute.</source>
        <translation>未撤回：此办件正在上报平台，请稍后一分钟再试。</translation>
    </message>
    <message>
        <location filename="../qml/screens/Cases.qml" line="49"/>
        <source>The withdrawal was not recorded.</source>
        <translation>撤回未能记录。</translation>
    </message>
    <message>
        <location filename="../qml/screens/Cases.qml" line="52"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../qml/screens/Cases.qml" line="57"/>
        <source>Withdraw this case</source>
        <translation>撤回此办件</translation>
    </message>
    <message>
        <location filename="../qml/screens/Cases.qml" line="71"/>
        <source>The case was withdrawn; it will not be sent to the platform.</source>
        <translation>办件已撤回，不会上报平台。</translation>
    </message>
    <message>
        <location filename="../qml/screens/Cases.qml" line="85"/>
        <source>Today at this hall</source>
        <translation>本大厅今日</translation>
    </message>
    <message>
        <location filename="../qml/screens/Cases.qml" line="90"/>
        <source>Cases: %1 · one visit: %2 / %3 · materials not brought: %4 / %5 · services offered here: %6 / %7</source>
        <translation>办件：%1 · 一次办成：%2 / %3 · 免提交材料：%4 / %5 · 本厅可办事项：%6 / %7</translation>
    </message>
    <message>
        <location filename="../qml/screens/Cases.qml" line="97"/>
        <source>Print the end-of-day slip</source>
        <translation>打印日终对账单</translation>
    </message>
    <message>
        <location filename="../qml/screens/Cases.qml" line="105"/>
        <source>No cases yet today.</source>
        <translation>今天还没有办件。</translation>
    </message>
    <message>
        <location filename="../qml/screens/Cases.qml" line="127"/>
        <source>Reprint slip</source>
        <translation>补打回执</translation>
    </message>
    <message>
        <location filename="../qml/screens/Cases.qml" line="133"/>
        <source>Withdraw</source>
        <translation>撤回</translation>
    </message>
    <message>
        <location filename="../qml/screens/Cases.qml" line="146"/>
        <source>Bad reviews to follow up: %1</source>
        <translation>待整改的差评：%1</translation>
    </message>
    <message>
        <location filename="../qml/screens/Cases.qml" line="171"/>
        <source>What was done (call-back, fix)</source>
        <translation>整改情况（回访、处理）</translation>
    </message>
    <message>
        <location filename="../qml/screens/Cases.qml" line="175"/>
        <source>Close the follow-up</source>
        <translation>办结整改</translation>
    </message>
    <message>
        <location filename="../qml/screens/Cases.qml" line="186"/>
        <source>Not closed: write at least a few words about what was done.</source>
        <translation>未办结：请写明整改情况（至少几个字）。</translation>
    </message>
    <message>
        <location filename="../qml/screens/Cases.qml" line="190"/>
        <source>Back</source>
        <translation>返回</translation>
    </message>
</context>
<context>
    <name>ChipPanel</name>
    <message>
        <location filename="../qml/components/ChipPanel.qml" line="22"/>
        <source>A passport or chip card is on the reader. Type these details from its machine-readable lines:</source>
        <translation>读卡器上有护照或芯片证件。请按证件机读码区输入以下信息：</translation>
    </message>
    <message>
        <location filename="../qml/components/ChipPanel.qml" line="27"/>
        <source>Read these lines with the camera</source>
        <translation>用摄像头识读机读码</translation>
    </message>
    <message>
        <location filename="../qml/components/ChipPanel.qml" line="49"/>
        <source>Lay the photo page face up under the camera…</source>
        <translation>请将证件资料页朝上放在摄像头下…</translation>
    </message>
    <message>
        <location filename="../qml/components/ChipPanel.qml" line="66"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../qml/components/ChipPanel.qml" line="77"/>
        <source>Document number</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <location filename="../qml/components/ChipPanel.qml" line="79"/>
        <source>Date of birth (YYMMDD)</source>
        <translation>出生日期（年月日，6位）</translation>
    </message>
    <message>
        <location filename="../qml/components/ChipPanel.qml" line="81"/>
        <source>Date of expiry (YYMMDD)</source>
        <translation>有效期至（年月日，6位）</translation>
    </message>
    <message>
        <location filename="../qml/components/ChipPanel.qml" line="89"/>
        <source>Read the chip</source>
        <translation>读取芯片</translation>
    </message>
</context>
<context>
    <name>CounterLogin</name>
    <message>
        <location filename="../qml/screens/CounterLogin.qml" line="11"/>
        <source>Counter sign-in</source>
        <translation>窗口登录</translation>
    </message>
    <message>
        <location filename="../qml/screens/CounterLogin.qml" line="17"/>
        <source>%1 · Window %2</source>
        <translation>%1 · %2号窗口</translation>
    </message>
    <message>
        <location filename="../qml/screens/CounterLogin.qml" line="21"/>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../qml/screens/CounterLogin.qml" line="22"/>
        <source>PIN</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../qml/screens/CounterLogin.qml" line="35"/>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../qml/screens/CounterLogin.qml" line="41"/>
        <source>Technician</source>
        <translation>技术维护</translation>
    </message>
</context>
<context>
    <name>Done</name>
    <message>
        <location filename="../qml/screens/Done.qml" line="9"/>
        <source>Application received</source>
        <translation>申请已受理</translation>
    </message>
    <message>
        <location filename="../qml/screens/Done.qml" line="10"/>
        <source>Keep your slip. You can check the status with your case number at any terminal.</source>
        <translation>请保管好回执。您可在任一终端凭办件编号查询办理进度。</translation>
    </message>
    <message>
        <location filename="../qml/screens/Done.qml" line="12"/>
        <source>Your case number</source>
        <translation>您的办件编号</translation>
    </message>
    <message>
        <location filename="../qml/screens/Done.qml" line="17"/>
        <source>Promised by: %1</source>
        <translation>承诺办结日期：%1</translation>
    </message>
    <message>
        <location filename="../qml/screens/Done.qml" line="22"/>
        <source>What happens next: the department checks your application. If anything is missing, they will tell you everything at once.</source>
        <translation>后续：部门将审核您的申请。如需补充材料，将一次性告知。</translation>
    </message>
    <message>
        <location filename="../qml/screens/Done.qml" line="37"/>
        <source>How satisfied are you with this service?</source>
        <translation>您对本次服务满意吗？</translation>
    </message>
    <message>
        <location filename="../qml/screens/Done.qml" line="56"/>
        <source>Anything in particular? (optional, tap all that apply)</source>
        <translation>有什么具体原因吗？（可选，可多选）</translation>
    </message>
    <message>
        <location filename="../qml/screens/Done.qml" line="78"/>
        <source>Send my rating</source>
        <translation>提交评价</translation>
    </message>
    <message>
        <location filename="../qml/screens/Done.qml" line="86"/>
        <source>Your rating could not be saved. Please tell the staff.</source>
        <translation>评价未能保存，请告知工作人员。</translation>
    </message>
    <message>
        <location filename="../qml/screens/Done.qml" line="88"/>
        <source>Thank you. We are sorry: a supervisor will look into it.</source>
        <translation>谢谢您的评价。非常抱歉，负责人将跟进处理。</translation>
    </message>
    <message>
        <location filename="../qml/screens/Done.qml" line="89"/>
        <source>Thank you for your rating.</source>
        <translation>感谢您的评价。</translation>
    </message>
    <message>
        <location filename="../qml/screens/Done.qml" line="99"/>
        <source>Next citizen</source>
        <translation>下一位</translation>
    </message>
    <message>
        <location filename="../qml/screens/Done.qml" line="99"/>
        <source>Finish</source>
        <translation>完成</translation>
    </message>
</context>
<context>
    <name>Form</name>
    <message>
        <location filename="../qml/screens/Form.qml" line="9"/>
        <source>Please check the details we filled in and complete the rest.</source>
        <translation>请核对已自动填写的信息，并补全其余内容。</translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/screens/Form.qml" line="23"/>
        <source>Done within %n working day(s).</source>
        <translation>
            <numerusform>%n个工作日内办结。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../qml/screens/Form.qml" line="24"/>
        <source>Done on the spot.</source>
        <translation>当场办结。</translation>
    </message>
    <message>
        <location filename="../qml/screens/Form.qml" line="25"/>
        <source>Fee: %1 yuan.</source>
        <translation>收费：%1元。</translation>
    </message>
    <message>
        <location filename="../qml/screens/Form.qml" line="25"/>
        <source>No fee.</source>
        <translation>不收费。</translation>
    </message>
    <message>
        <location filename="../qml/screens/Form.qml" line="30"/>
        <source>Who must come: %1</source>
        <translation>须到场人员：%1</translation>
    </message>
    <message>
        <location filename="../qml/screens/Form.qml" line="32"/>
        <source>Documents needed:</source>
        <translation>所需材料：</translation>
    </message>
    <message>
        <location filename="../qml/screens/Form.qml" line="38"/>
        <source>(if it applies)</source>
        <translation>（如适用）</translation>
    </message>
    <message>
        <location filename="../qml/screens/Form.qml" line="89"/>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <location filename="../qml/screens/Form.qml" line="91"/>
        <source>Continue</source>
        <translation>继续</translation>
    </message>
</context>
<context>
    <name>Identify</name>
    <message>
        <location filename="../qml/screens/Identify.qml" line="7"/>
        <source>Who is applying?</source>
        <translation>申请人是谁？</translation>
    </message>
    <message>
        <location filename="../qml/screens/Identify.qml" line="10"/>
        <source>The citizen&apos;s ID card is read as soon as it is placed on the reader (or touch the button). Or type the citizen&apos;s details below.</source>
        <translation>市民的身份证一放上读卡器即自动读取（也可点击按钮）。或在下方输入市民的信息。</translation>
    </message>
    <message>
        <location filename="../qml/screens/Identify.qml" line="11"/>
        <source>Place your ID card on the reader: it is read at once (or touch the button). Or type your details below.</source>
        <translation>请将身份证放在读卡器上，放上即自动读取（也可点击按钮）。或在下方输入您的信息。</translation>
    </message>
    <message>
        <location filename="../qml/screens/Identify.qml" line="24"/>
        <source>reading ID cards</source>
        <translation>读取身份证件</translation>
    </message>
    <message>
        <location filename="../qml/screens/Identify.qml" line="18"/>
        <source>Read my ID card</source>
        <translation>读取我的身份证</translation>
    </message>
    <message>
        <location filename="../qml/screens/Identify.qml" line="18"/>
        <source>Read the ID card</source>
        <translation>读取身份证</translation>
    </message>
    <message>
        <location filename="../qml/screens/Identify.qml" line="40"/>
        <source>Or type your details:</source>
        <translation>或手动输入：</translation>
    </message>
    <message>
        <location filename="../qml/screens/Identify.qml" line="40"/>
        <source>Or type the citizen&apos;s details:</source>
        <translation>或手动输入市民信息：</translation>
    </message>
    <message>
        <location filename="../qml/screens/Identify.qml" line="41"/>
        <source>Name (as on the ID card)</source>
        <translation>姓名（与证件一致）</translation>
    </message>
    <message>
        <location filename="../qml/screens/Identify.qml" line="46"/>
        <source>Resident ID number (18 characters)</source>
        <translation>公民身份号码（18位）</translation>
    </message>
    <message>
        <location filename="../qml/screens/Identify.qml" line="53"/>
        <source>checking identities</source>
        <translation>身份核验</translation>
    </message>
    <message>
        <location filename="../qml/screens/Identify.qml" line="59"/>
        <source>Sign out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <location filename="../qml/screens/Identify.qml" line="59"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../qml/screens/Identify.qml" line="65"/>
        <source>Today&apos;s cases</source>
        <translation>今日办件</translation>
    </message>
    <message>
        <location filename="../qml/screens/Identify.qml" line="71"/>
        <source>Check an application</source>
        <translation>查询办件进度</translation>
    </message>
    <message>
        <location filename="../qml/screens/Identify.qml" line="78"/>
        <source>Continue</source>
        <translation>继续</translation>
    </message>
</context>
<context>
    <name>IdentityPanel</name>
    <message>
        <location filename="../qml/components/IdentityPanel.qml" line="36"/>
        <source>Identity: %1</source>
        <translation>身份信息：%1</translation>
    </message>
    <message>
        <location filename="../qml/components/IdentityPanel.qml" line="45"/>
        <source>Photo not shown: the reader&apos;s photo decoder is not installed. Compare the face with the card itself.</source>
        <translation>照片未显示：读卡器的照片解码程序未安装。请与证件本身核对相貌。</translation>
    </message>
    <message>
        <location filename="../qml/components/IdentityPanel.qml" line="47"/>
        <source>Photo not shown: the reader&apos;s photo decoder could not decode it. Compare the face with the card itself.</source>
        <translation>照片未显示：读卡器的照片解码程序无法解码此照片。请与证件本身核对相貌。</translation>
    </message>
</context>
<context>
    <name>IdleOverlay</name>
    <message>
        <location filename="../qml/components/IdleOverlay.qml" line="23"/>
        <source>Do you need more time?</source>
        <translation>您需要更多时间吗？</translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/components/IdleOverlay.qml" line="27"/>
        <source>This screen will lock in %n second(s). The citizen&apos;s details stay; your PIN unlocks it.</source>
        <translation>
            <numerusform>本屏幕将在%n秒后锁定。群众的信息会保留，输入您的PIN即可解锁。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/components/IdleOverlay.qml" line="28"/>
        <source>For your privacy, this screen will be cleared in %n second(s) and what you entered will be deleted.</source>
        <translation>
            <numerusform>为保护您的隐私，本屏幕将在%n秒后清空，您输入的内容将被删除。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../qml/components/IdleOverlay.qml" line="34"/>
        <source>I need more time</source>
        <translation>我需要更多时间</translation>
    </message>
    <message>
        <location filename="../qml/components/IdleOverlay.qml" line="40"/>
        <source>Finish and clear now</source>
        <translation>结束并立即清除</translation>
    </message>
    <message>
        <location filename="../qml/components/IdleOverlay.qml" line="40"/>
        <source>Lock now</source>
        <translation>立即锁屏</translation>
    </message>
</context>
<context>
    <name>LockOverlay</name>
    <message>
        <location filename="../qml/components/LockOverlay.qml" line="17"/>
        <source>Screen locked</source>
        <translation>屏幕已锁定</translation>
    </message>
    <message>
        <location filename="../qml/components/LockOverlay.qml" line="20"/>
        <source>Window %1 · %2. The citizen&apos;s details are kept. Enter your PIN to continue.</source>
        <translation>%1号窗口 · %2。群众的信息已保留，请输入您的PIN继续。</translation>
    </message>
    <message>
        <location filename="../qml/components/LockOverlay.qml" line="27"/>
        <source>PIN</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../qml/components/LockOverlay.qml" line="42"/>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <location filename="../qml/components/LockOverlay.qml" line="48"/>
        <source>Sign out (clears the citizen&apos;s details)</source>
        <translation>退出登录（清除群众信息）</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <location filename="../qml/Main.qml" line="12"/>
        <source>Single Door</source>
        <translation>一门通办</translation>
    </message>
</context>
<context>
    <name>Materials</name>
    <message>
        <location filename="../qml/screens/Materials.qml" line="7"/>
        <source>Your documents</source>
        <translation>您的材料</translation>
    </message>
    <message>
        <location filename="../qml/screens/Materials.qml" line="8"/>
        <source>For each document: scan it, or use the copy the government already holds where offered.</source>
        <translation>每份材料可现场扫描；如提供共享选项，也可直接使用政府已有的电子证照。</translation>
    </message>
    <message>
        <location filename="../qml/screens/Materials.qml" line="28"/>
        <source>Supervisor&apos;s waiver</source>
        <translation>主管免交审批</translation>
    </message>
    <message>
        <location filename="../qml/screens/Materials.qml" line="29"/>
        <source>Supervisor&apos;s user name</source>
        <translation>主管用户名</translation>
    </message>
    <message>
        <location filename="../qml/screens/Materials.qml" line="30"/>
        <source>Supervisor&apos;s PIN</source>
        <translation>主管密码</translation>
    </message>
    <message>
        <location filename="../qml/screens/Materials.qml" line="32"/>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <location filename="../qml/screens/Materials.qml" line="38"/>
        <source>Wrong supervisor name or PIN, or not a supervisor.</source>
        <translation>主管用户名或密码错误，或该账号不是主管。</translation>
    </message>
    <message>
        <location filename="../qml/screens/Materials.qml" line="39"/>
        <source>Please give a reason (at least 4 characters).</source>
        <translation>请填写理由（至少4个字）。</translation>
    </message>
    <message>
        <location filename="../qml/screens/Materials.qml" line="40"/>
        <source>The waiver was not recorded.</source>
        <translation>免交未能记录。</translation>
    </message>
    <message>
        <location filename="../qml/screens/Materials.qml" line="43"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../qml/screens/Materials.qml" line="48"/>
        <source>Waive this document</source>
        <translation>免交此材料</translation>
    </message>
    <message>
        <location filename="../qml/screens/Materials.qml" line="62"/>
        <source>scanning documents with the camera</source>
        <translation>高拍仪扫描材料</translation>
    </message>
    <message>
        <location filename="../qml/screens/Materials.qml" line="84"/>
        <source>You gave this with application %1; it can be used again.</source>
        <translation>您在申请%1中提交过这份材料，可以再次使用。</translation>
    </message>
    <message>
        <location filename="../qml/screens/Materials.qml" line="91"/>
        <source>Scan again</source>
        <translation>重新扫描</translation>
    </message>
    <message>
        <location filename="../qml/screens/Materials.qml" line="91"/>
        <source>Scan</source>
        <translation>扫描</translation>
    </message>
    <message>
        <location filename="../qml/screens/Materials.qml" line="97"/>
        <source>Use it again</source>
        <translation>再次使用</translation>
    </message>
    <message>
        <location filename="../qml/screens/Materials.qml" line="103"/>
        <source>Supervisor waiver</source>
        <translation>主管免交</translation>
    </message>
    <message>
        <location filename="../qml/screens/Materials.qml" line="109"/>
        <source>Use data sharing</source>
        <translation>使用数据共享</translation>
    </message>
    <message>
        <location filename="../qml/screens/Materials.qml" line="118"/>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <location filename="../qml/screens/Materials.qml" line="120"/>
        <source>Continue</source>
        <translation>继续</translation>
    </message>
</context>
<context>
    <name>NotAvailable</name>
    <message>
        <location filename="../qml/components/NotAvailable.qml" line="20"/>
        <source>Not available on this terminal: %1</source>
        <translation>本终端暂不支持：%1</translation>
    </message>
    <message>
        <location filename="../qml/components/NotAvailable.qml" line="21"/>
        <source>Not available on this terminal.</source>
        <translation>本终端暂不支持此功能。</translation>
    </message>
    <message>
        <location filename="../qml/components/NotAvailable.qml" line="34"/>
        <source>Please ask a member of staff for help.</source>
        <translation>请联系工作人员协助。</translation>
    </message>
</context>
<context>
    <name>Page</name>
    <message>
        <location filename="../qml/components/Page.qml" line="45"/>
        <source>Step %1 of %2</source>
        <translation>第%1步，共%2步</translation>
    </message>
</context>
<context>
    <name>Review</name>
    <message>
        <location filename="../qml/screens/Review.qml" line="7"/>
        <source>Check and submit</source>
        <translation>核对并提交</translation>
    </message>
    <message>
        <location filename="../qml/screens/Review.qml" line="8"/>
        <source>Nothing is sent until you press Submit.</source>
        <translation>按下“提交”之前不会发送任何信息。</translation>
    </message>
    <message>
        <location filename="../qml/screens/Review.qml" line="29"/>
        <source>Service: %1</source>
        <translation>事项：%1</translation>
    </message>
    <message>
        <location filename="../qml/screens/Review.qml" line="62"/>
        <source>Your answers</source>
        <translation>您填写的内容</translation>
    </message>
    <message>
        <location filename="../qml/screens/Review.qml" line="72"/>
        <source>Documents</source>
        <translation>材料</translation>
    </message>
    <message>
        <location filename="../qml/screens/Review.qml" line="35"/>
        <source>Everything needed is here.</source>
        <translation>所需内容已齐全。</translation>
    </message>
    <message>
        <location filename="../qml/screens/Review.qml" line="18"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location filename="../qml/screens/Review.qml" line="35"/>
        <source>Before you can submit:</source>
        <translation>提交前还需：</translation>
    </message>
    <message>
        <location filename="../qml/screens/Review.qml" line="44"/>
        <source>Document missing: %1</source>
        <translation>缺少材料：%1</translation>
    </message>
    <message>
        <location filename="../qml/screens/Review.qml" line="45"/>
        <source>Form: %1</source>
        <translation>表单：%1</translation>
    </message>
    <message>
        <location filename="../qml/screens/Review.qml" line="85"/>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <location filename="../qml/screens/Review.qml" line="87"/>
        <source>Submit</source>
        <translation>提交</translation>
    </message>
</context>
<context>
    <name>Service</name>
    <message>
        <location filename="../qml/screens/Service.qml" line="9"/>
        <source>Which service do you need?</source>
        <translation>您要办理什么事项？</translation>
    </message>
    <message>
        <location filename="../qml/screens/Service.qml" line="10"/>
        <source>Type a few letters: Chinese characters, pinyin, initials (for example hk) or English.</source>
        <translation>输入几个字即可：汉字、拼音、首字母（例如 hk）或英文。</translation>
    </message>
    <message>
        <location filename="../qml/screens/Service.qml" line="23"/>
        <location filename="../qml/screens/Service.qml" line="34"/>
        <source>Search services</source>
        <translation>搜索事项</translation>
    </message>
    <message>
        <location filename="../qml/screens/Service.qml" line="39"/>
        <source>the service catalogue</source>
        <translation>事项目录</translation>
    </message>
    <message>
        <location filename="../qml/screens/Service.qml" line="45"/>
        <source>No service matches. Try fewer letters or ask a member of staff.</source>
        <translation>没有找到匹配的事项。请少输入几个字，或请工作人员协助。</translation>
    </message>
    <message>
        <location filename="../qml/screens/Service.qml" line="51"/>
        <source>Or choose a category:</source>
        <translation>或按类别查找：</translation>
    </message>
    <message>
        <location filename="../qml/screens/Service.qml" line="79"/>
        <source>Category: %1</source>
        <translation>类别：%1</translation>
    </message>
    <message>
        <location filename="../qml/screens/Service.qml" line="85"/>
        <source>All categories</source>
        <translation>全部类别</translation>
    </message>
    <message>
        <location filename="../qml/screens/Service.qml" line="92"/>
        <source>Frequent services:</source>
        <translation>常办事项：</translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/screens/Service.qml" line="103"/>
        <source>%n working day(s)</source>
        <translation>
            <numerusform>%n个工作日</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../qml/screens/Service.qml" line="103"/>
        <source>done on the spot</source>
        <translation>当场办结</translation>
    </message>
    <message>
        <location filename="../qml/screens/Service.qml" line="109"/>
        <source>Back</source>
        <translation>返回</translation>
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
        <translation>查询办件进度</translation>
    </message>
    <message>
        <location filename="../qml/screens/Status.qml" line="13"/>
        <source>The citizen&apos;s ID card is read as soon as it is placed on the reader (or touch the button). Or type the case number printed on the slip.</source>
        <translation>市民的身份证一放上读卡器即自动读取（也可点击按钮）。或输入回执上的办件编号。</translation>
    </message>
    <message>
        <location filename="../qml/screens/Status.qml" line="14"/>
        <source>Place your ID card on the reader: it is read at once (or touch the button). Or type the case number printed on your slip.</source>
        <translation>请将身份证放在读卡器上，放上即自动读取（也可点击按钮）。或输入回执上的办件编号。</translation>
    </message>
    <message>
        <location filename="../qml/screens/Status.qml" line="21"/>
        <source>Read the ID card</source>
        <translation>读取身份证</translation>
    </message>
    <message>
        <location filename="../qml/screens/Status.qml" line="27"/>
        <source>Show the citizen&apos;s applications</source>
        <translation>查看该市民的办件</translation>
    </message>
    <message>
        <location filename="../qml/screens/Status.qml" line="67"/>
        <source>The citizen&apos;s applications made here (%1)</source>
        <translation>该市民在本终端的办件（%1件）</translation>
    </message>
    <message>
        <location filename="../qml/screens/Status.qml" line="108"/>
        <source>Or the case number on the slip:</source>
        <translation>或输入回执上的办件编号：</translation>
    </message>
    <message>
        <location filename="../qml/screens/Status.qml" line="114"/>
        <source>Case number</source>
        <translation>办件编号</translation>
    </message>
    <message>
        <location filename="../qml/screens/Status.qml" line="115"/>
        <source>This is not a valid case number. Please check it.</source>
        <translation>办件编号无效，请核对。</translation>
    </message>
    <message>
        <location filename="../qml/screens/Status.qml" line="116"/>
        <source>No application with this number was made here.</source>
        <translation>本大厅没有该编号的申请。</translation>
    </message>
    <message>
        <location filename="../qml/screens/Status.qml" line="122"/>
        <source>Check</source>
        <translation>查询</translation>
    </message>
    <message>
        <location filename="../qml/screens/Status.qml" line="129"/>
        <source>Or hold the QR code on your slip to the camera</source>
        <translation>或将回执上的二维码对准摄像头</translation>
    </message>
    <message>
        <location filename="../qml/screens/Status.qml" line="129"/>
        <source>Or hold the slip&apos;s QR code to the camera</source>
        <translation>或将回执上的二维码对准摄像头</translation>
    </message>
    <message>
        <location filename="../qml/screens/Status.qml" line="150"/>
        <source>Looking for the QR code…</source>
        <translation>正在识别二维码…</translation>
    </message>
    <message>
        <location filename="../qml/screens/Status.qml" line="157"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../qml/screens/Status.qml" line="163"/>
        <source>looking up applications</source>
        <translation>办件查询</translation>
    </message>
    <message>
        <location filename="../qml/screens/Status.qml" line="95"/>
        <location filename="../qml/screens/Status.qml" line="171"/>
        <source>Case number: %1</source>
        <translation>办件编号：%1</translation>
    </message>
    <message>
        <location filename="../qml/screens/Status.qml" line="21"/>
        <source>Read my ID card</source>
        <translation>读取我的身份证</translation>
    </message>
    <message>
        <location filename="../qml/screens/Status.qml" line="27"/>
        <source>Show my applications</source>
        <translation>查看我的办件</translation>
    </message>
    <message>
        <location filename="../qml/screens/Status.qml" line="40"/>
        <source>reading ID cards</source>
        <translation>读取身份证件</translation>
    </message>
    <message>
        <location filename="../qml/screens/Status.qml" line="68"/>
        <source>Your applications made here (%1)</source>
        <translation>您在本终端的办件（%1件）</translation>
    </message>
    <message>
        <location filename="../qml/screens/Status.qml" line="75"/>
        <source>No applications made with this card were found at this terminal.</source>
        <translation>本终端没有查到用此证件办理的申请。</translation>
    </message>
    <message>
        <location filename="../qml/screens/Status.qml" line="96"/>
        <location filename="../qml/screens/Status.qml" line="172"/>
        <source>Status: %1</source>
        <translation>状态：%1</translation>
    </message>
    <message>
        <location filename="../qml/screens/Status.qml" line="101"/>
        <location filename="../qml/screens/Status.qml" line="176"/>
        <source>Promised by: %1</source>
        <translation>承诺办结日期：%1</translation>
    </message>
    <message>
        <location filename="../qml/screens/Status.qml" line="108"/>
        <source>Or the case number on your slip:</source>
        <translation>或输入回执上的办件编号：</translation>
    </message>
    <message>
        <location filename="../qml/screens/Status.qml" line="182"/>
        <source>Back</source>
        <translation>返回</translation>
    </message>
</context>
<context>
    <name>TechLogin</name>
    <message>
        <location filename="../qml/screens/TechLogin.qml" line="11"/>
        <source>Technician sign-in</source>
        <translation>技术维护登录</translation>
    </message>
    <message>
        <location filename="../qml/screens/TechLogin.qml" line="13"/>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../qml/screens/TechLogin.qml" line="14"/>
        <source>PIN</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../qml/screens/TechLogin.qml" line="26"/>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../qml/screens/TechLogin.qml" line="32"/>
        <source>Back</source>
        <translation>返回</translation>
    </message>
</context>
<context>
    <name>Technician</name>
    <message>
        <location filename="../qml/screens/Technician.qml" line="8"/>
        <source>Technician</source>
        <translation>技术维护</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="9"/>
        <source>Parts of the system, the sync queue and the recent log. No personal data is shown here.</source>
        <translation>系统组成、同步队列和最近日志。此处不显示任何个人信息。</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="13"/>
        <source>Parts</source>
        <translation>组成部分</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="24"/>
        <source>installed</source>
        <translation>已安装</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="25"/>
        <source>not installed</source>
        <translation>未安装</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="37"/>
        <source>State: %1</source>
        <translation>状态：%1</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="55"/>
        <source>%1: a card is on it</source>
        <translation>%1：有卡</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="55"/>
        <source>%1: no card</source>
        <translation>%1：无卡</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="61"/>
        <source>No PC/SC reader connected.</source>
        <translation>未连接 PC/SC 读卡器。</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="70"/>
        <source>reader connected</source>
        <translation>读卡器已连接</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="70"/>
        <source>reader removed</source>
        <translation>读卡器已拔出</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="71"/>
        <source>card placed</source>
        <translation>卡已放上</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="71"/>
        <source>card taken away</source>
        <translation>卡已取走</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="73"/>
        <source>Latest events:</source>
        <translation>最近事件：</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="120"/>
        <source>Slip printer</source>
        <translation>回执打印机</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="36"/>
        <location filename="../qml/screens/Technician.qml" line="124"/>
        <source>No status yet.</source>
        <translation>暂无状态。</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="125"/>
        <source>Online: %1, paper: %2, error: %3</source>
        <translation>在线：%1，纸张：%2，故障：%3</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="126"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="31"/>
        <source>Card readers (PC/SC)</source>
        <translation>读卡器（PC/SC）</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="75"/>
        <source>Test read (put a card on a PC/SC reader)</source>
        <translation>测试读卡（请将证件放在PC/SC读卡器上）</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="82"/>
        <source>Reading on %1…</source>
        <translation>正在%1上读取…</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="84"/>
        <source>%1: ATR %2 · connected in %3 ms · SELECT of the passport application in %4 ms (answer %5)</source>
        <translation>%1：ATR %2 · 连接用时%3毫秒 · 选择护照应用用时%4毫秒（应答%5）</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="87"/>
        <source>No read on %1: %2</source>
        <translation>%1未能读取：%2</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="95"/>
        <source>This is a virtual reader (the vsmartcard simulator): for tests and training only, never for serving citizens.</source>
        <translation>这是虚拟读卡器（vsmartcard模拟器）：仅用于测试和培训，不得用于为群众办事。</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="98"/>
        <source>Resident ID card reader (GA/T 467)</source>
        <translation>居民身份证阅读器（GA/T 467）</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="100"/>
        <source>Serial port, e.g. /dev/ttyUSB0 (empty: none, or the simulator)</source>
        <translation>串口，如 /dev/ttyUSB0（留空：无，或使用模拟器）</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="105"/>
        <source>Save the port</source>
        <translation>保存串口</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="106"/>
        <source>Test read (put a card on the reader)</source>
        <translation>测试读卡（请放上身份证）</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="114"/>
        <source>Reading…</source>
        <translation>正在读卡…</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="115"/>
        <source>A card was read in %1 ms.</source>
        <translation>读卡成功，用时 %1 毫秒。</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="116"/>
        <source>No read after %1 ms: %2</source>
        <translation>%1 毫秒后仍未读到：%2</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="139"/>
        <source>Printer URI (usb://VID:PID, tcp://HOST:9100, serial:///dev/ttyS0, cups://QUEUE, file:///PATH)</source>
        <translation>打印机地址（usb://VID:PID、tcp://主机:9100、serial:///dev/ttyS0、cups://队列、file:///路径）</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="146"/>
        <source>Printer profile (e.g. TM-T20II for 80 mm, POS-5890 for 58 mm)</source>
        <translation>打印机型号配置（如 80 毫米用 TM-T20II，58 毫米用 POS-5890）</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="152"/>
        <source>Paper width (mm): 58 or 80</source>
        <translation>纸宽（毫米）：58或80</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="155"/>
        <source>Dots per line (384 on 58 mm, 576 on 80 mm)</source>
        <translation>每行点数（58毫米为384，80毫米为576）</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="160"/>
        <source>Save printer settings</source>
        <translation>保存打印机设置</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="162"/>
        <source>Save the paper width</source>
        <translation>保存纸宽</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="167"/>
        <source>Saved to the configuration file.</source>
        <translation>已保存到配置文件。</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="173"/>
        <source>Print a test page</source>
        <translation>打印测试页</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="177"/>
        <source>Test page sent to the printer.</source>
        <translation>测试页已发送到打印机。</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="178"/>
        <source>The test page could not be printed (see the log).</source>
        <translation>测试页未能打印（见日志）。</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="181"/>
        <source>Latest print jobs</source>
        <translation>最近的打印任务</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="191"/>
        <source>attempts: %1</source>
        <translation>尝试 %1 次</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="195"/>
        <source>Document camera</source>
        <translation>高拍仪</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="197"/>
        <source>Source (index, /dev/video2, rtsp://…, a video file, or simulator)</source>
        <translation>来源（编号、/dev/video2、rtsp://…、视频文件或 simulator）</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="202"/>
        <source>Width (px)</source>
        <translation>宽度（像素）</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="204"/>
        <source>Height (px)</source>
        <translation>高度（像素）</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="210"/>
        <source>Save camera settings</source>
        <translation>保存摄像头设置</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="213"/>
        <source>Stop the camera</source>
        <translation>关闭摄像头</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="213"/>
        <source>Look through the camera</source>
        <translation>查看摄像头画面</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="215"/>
        <source>Calibrate the blur threshold</source>
        <translation>校准模糊阈值</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="217"/>
        <source>Record the empty desk</source>
        <translation>记录空桌面</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="263"/>
        <source>No page in view.</source>
        <translation>画面中没有页面。</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="264"/>
        <source>Blur %1 · glare %2 · DPI %3</source>
        <translation>模糊度 %1 · 反光 %2 · DPI %3</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="273"/>
        <source>Lay sharp pages under the camera one after another: %1 of %2 taken.</source>
        <translation>请将清晰的页面依次放在摄像头下：已拍 %1 / %2 张。</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="274"/>
        <source>Blur threshold %1 saved.</source>
        <translation>模糊阈值 %1 已保存。</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="275"/>
        <source>Calibration stopped (see the log).</source>
        <translation>校准已停止（请查看日志）。</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="276"/>
        <source>Blur threshold: %1 (0: the built-in default).</source>
        <translation>模糊阈值：%1（0 表示使用内置默认值）。</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="281"/>
        <source>Recording the empty desk…</source>
        <translation>正在记录空桌面…</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="283"/>
        <source>Empty desk recorded. It is plain: nothing on it would be taken for a page anyway.</source>
        <translation>已记录空桌面。桌面是素色的：本来就不会被误认为材料页。</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="284"/>
        <source>Empty desk recorded (pattern %1): its pattern is no longer taken for a page.</source>
        <translation>已记录空桌面（纹理 %1）：桌面的纹理不会再被误认为材料页。</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="285"/>
        <source>Not recorded: a page seems to lie on the desk. Clear the desk and record it again.</source>
        <translation>未记录：桌面上似乎有材料。请清空桌面后重新记录。</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="286"/>
        <source>The empty desk was not recorded: the camera gave no picture (see the log).</source>
        <translation>未能记录空桌面：高拍仪没有画面（请查看日志）。</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="287"/>
        <source>Clear the desk under the camera, then record it: a grid or checked cloth on it is then not taken for a page.</source>
        <translation>请先清空高拍仪下的桌面，再记录：之后桌面上的网格或格子布不会被误认为材料页。</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="289"/>
        <source>Sync</source>
        <translation>数据同步</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="293"/>
        <source>Sync status not available: %1</source>
        <translation>无法获取同步状态：%1</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="294"/>
        <source>Waiting: %1, delivered: %2, quarantined: %3, enrolled: %4</source>
        <translation>待发送：%1，已送达：%2，已隔离：%3，已注册：%4</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="298"/>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="298"/>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="301"/>
        <source>Platform URL</source>
        <translation>平台地址</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="303"/>
        <source>One-time enrolment token</source>
        <translation>一次性注册令牌</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="305"/>
        <source>CA file (empty: the system&apos;s)</source>
        <translation>CA 证书文件（留空：使用系统证书）</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="312"/>
        <source>Find certificate files</source>
        <translation>查找证书文件</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="313"/>
        <source>Use this CA file</source>
        <translation>使用此CA证书文件</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="332"/>
        <source>CA file saved to the configuration file; it is used from the next enrolment.</source>
        <translation>CA证书文件已保存到配置文件，下次注册时启用。</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="337"/>
        <source>Enrol this kiosk</source>
        <translation>将本终端注册到平台</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="343"/>
        <source>Enrolled with the platform.</source>
        <translation>已在平台注册。</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="344"/>
        <source>Enrolling…</source>
        <translation>正在注册…</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="350"/>
        <source>Retry quarantined cases</source>
        <translation>重试被隔离的办件</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="354"/>
        <source>Retry failed (see the log).</source>
        <translation>重试失败（请查看日志）。</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="355"/>
        <source>%1 case(s) put back in the queue.</source>
        <translation>已将 %1 件办件放回发送队列。</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="360"/>
        <source>Longest screen freeze since start: %1 ms</source>
        <translation>启动以来最长界面卡顿：%1 毫秒</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="362"/>
        <source>Diagnostics bundle</source>
        <translation>诊断包</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="367"/>
        <source>Folder (e.g. a USB stick)</source>
        <translation>保存文件夹（如U盘）</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="372"/>
        <source>Export the diagnostics bundle</source>
        <translation>导出诊断包</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="377"/>
        <source>Configuration without secrets, versions, device list, recent logs; no personal data.</source>
        <translation>包含不含密钥的配置、版本、设备列表和近期日志；不含个人信息。</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="378"/>
        <source>Written: %1</source>
        <translation>已写入：%1</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="381"/>
        <source>Recent log</source>
        <translation>最近日志</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="391"/>
        <source>(the log is empty)</source>
        <translation>（日志为空）</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="401"/>
        <source>Sign out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <location filename="../qml/screens/Technician.qml" line="403"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
</context>
<context>
    <name>TopBar</name>
    <message>
        <location filename="../qml/components/TopBar.qml" line="19"/>
        <source>Window %1 · %2</source>
        <translation>%1号窗口 · %2</translation>
    </message>
    <message>
        <location filename="../qml/components/TopBar.qml" line="20"/>
        <source>Window %1</source>
        <translation>%1号窗口</translation>
    </message>
    <message>
        <location filename="../qml/components/TopBar.qml" line="21"/>
        <source>Single Door</source>
        <translation>一门通办</translation>
    </message>
    <message>
        <location filename="../qml/components/TopBar.qml" line="40"/>
        <source>Read aloud</source>
        <translation>语音播报</translation>
    </message>
    <message>
        <location filename="../qml/components/TopBar.qml" line="46"/>
        <source>Larger text</source>
        <translation>大字体</translation>
    </message>
    <message>
        <location filename="../qml/components/TopBar.qml" line="52"/>
        <source>High contrast</source>
        <translation>高对比度</translation>
    </message>
</context>
<context>
    <name>TrainingHint</name>
    <message>
        <location filename="../qml/components/TrainingHint.qml" line="26"/>
        <source>Training account (simulated devices): user name %1, PIN %2</source>
        <translation>培训账号（模拟设备）：用户名 %1，PIN %2</translation>
    </message>
</context>
<context>
    <name>words</name>
    <message>
        <location filename="../qml/components/words.js" line="5"/>
        <source>Please fill this in.</source>
        <translation>请填写此项。</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="6"/>
        <location filename="../qml/components/words.js" line="25"/>
        <source>This is not a valid resident ID number. Please check it.</source>
        <translation>公民身份号码无效，请核对。</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="7"/>
        <source>This is not a valid mobile number.</source>
        <translation>手机号码无效。</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="8"/>
        <source>This is too long.</source>
        <translation>内容过长。</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="9"/>
        <source>Please enter a date as YYYY-MM-DD.</source>
        <translation>请按“年-月-日”（YYYY-MM-DD）格式输入日期。</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="10"/>
        <source>Please choose one of the options.</source>
        <translation>请选择其中一项。</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="11"/>
        <source>Please check this entry.</source>
        <translation>请核对此项。</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="15"/>
        <source>Wrong user name or PIN.</source>
        <translation>用户名或密码错误。</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="16"/>
        <source>This account is locked after too many wrong PINs. Try later or ask a supervisor.</source>
        <translation>密码错误次数过多，账号已锁定。请稍后再试或联系主管。</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="17"/>
        <source>This account may not open this screen.</source>
        <translation>此账号无权打开此界面。</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="18"/>
        <source>Sign-in is not available on this terminal.</source>
        <translation>本终端暂不支持登录。</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="19"/>
        <source>Sign-in failed. Please try again.</source>
        <translation>登录失败，请重试。</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="26"/>
        <source>These details could not be checked. Please check them.</source>
        <translation>无法核验这些信息，请核对。</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="30"/>
        <source>Scanned</source>
        <translation>已扫描</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="31"/>
        <source>Obtained through data sharing</source>
        <translation>通过数据共享获取</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="32"/>
        <source>Reused from an earlier application</source>
        <translation>复用以往申请中的材料</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="33"/>
        <source>Waived by a supervisor</source>
        <translation>经主管同意免交</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="34"/>
        <source>Not yet provided</source>
        <translation>尚未提供</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="38"/>
        <source>Printing your slip…</source>
        <translation>正在打印回执…</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="39"/>
        <source>Your slip is printing. Please take it.</source>
        <translation>回执正在打印，请取走。</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="40"/>
        <source>The slip printer is not available. Please write down your case number.</source>
        <translation>回执打印机不可用，请记下您的办件编号。</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="41"/>
        <source>The slip could not be printed. Staff can reprint it with your case number.</source>
        <translation>回执未能打印。工作人员可凭办件编号补打。</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="46"/>
        <source>Local store</source>
        <translation>本地存储</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="47"/>
        <source>Operator accounts</source>
        <translation>操作员账号</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="48"/>
        <source>Service catalogue</source>
        <translation>事项目录</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="49"/>
        <source>Cases</source>
        <translation>办件</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="50"/>
        <source>Card readers</source>
        <translation>读卡器</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="51"/>
        <source>Document camera</source>
        <translation>高拍仪</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="52"/>
        <source>Slip printer</source>
        <translation>回执打印机</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="53"/>
        <source>Slip printer status</source>
        <translation>回执打印机状态</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="54"/>
        <source>Sync to the platform</source>
        <translation>与平台同步</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="59"/>
        <source>Reading the card… keep it on the reader.</source>
        <translation>正在读卡…请勿移开证件。</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="60"/>
        <source>No card found. Place the ID card on the reader and try again.</source>
        <translation>未检测到证件。请将身份证放在读卡器上后重试。</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="61"/>
        <source>No card found. Place your ID card on the reader and try again.</source>
        <translation>未检测到证件。请将身份证放在读卡器上后重试。</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="62"/>
        <source>The card could not be read. Lift it and place it again.</source>
        <translation>无法读取证件。请拿起后重新放置。</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="63"/>
        <source>The chip did not accept these details. Check the document number and the dates.</source>
        <translation>芯片未接受这些信息。请核对证件号码和日期。</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="68"/>
        <source>read from the card&apos;s chip (signature checked)</source>
        <translation>读取自证件芯片（已验证签名）</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="69"/>
        <source>read from the document (check digits only)</source>
        <translation>读取自证件（仅校验位）</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="70"/>
        <source>typed in</source>
        <translation>手工输入</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="75"/>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="76"/>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="77"/>
        <location filename="../qml/components/words.js" line="84"/>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="81"/>
        <source>ok</source>
        <translation>正常</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="82"/>
        <source>running low</source>
        <translation>即将用完</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="83"/>
        <source>out</source>
        <translation>已用完</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="88"/>
        <source>not enrolled with the platform</source>
        <translation>尚未在平台注册</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="89"/>
        <source>idle</source>
        <translation>空闲</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="90"/>
        <source>sending</source>
        <translation>正在发送</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="91"/>
        <source>waiting to retry</source>
        <translation>等待重试</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="92"/>
        <source>paused by the platform</source>
        <translation>平台要求暂停</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="93"/>
        <source>error (see the log)</source>
        <translation>出错（见日志）</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="94"/>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="99"/>
        <source>received here, waiting to be sent to the department</source>
        <translation>已在本大厅受理，等待发送至部门</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="100"/>
        <source>with the department</source>
        <translation>部门已收到</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="101"/>
        <source>accepted, being processed</source>
        <translation>已受理，正在办理</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="102"/>
        <source>more documents needed</source>
        <translation>需要补充材料</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="103"/>
        <source>not approved</source>
        <translation>未予批准</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="104"/>
        <source>completed</source>
        <translation>已办结</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="105"/>
        <source>withdrawn</source>
        <translation>已撤回</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="110"/>
        <source>Nothing to do now. We will tell you when it is ready.</source>
        <translation>目前无需您做任何事。办好后我们会通知您。</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="111"/>
        <source>Please bring the missing documents to a counter. Staff will tell you everything that is needed at once.</source>
        <translation>请携带缺少的材料到窗口办理。工作人员会一次性告知所需的全部材料。</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="112"/>
        <source>Please ask at a counter for the reasons and how to appeal.</source>
        <translation>请到窗口了解原因及申诉方式。</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="113"/>
        <source>Your result is ready. Please collect it at a counter if it is not sent to you.</source>
        <translation>已办结。如未寄送，请到窗口领取。</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="118"/>
        <source>Camera ready.</source>
        <translation>高拍仪已就绪。</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="119"/>
        <source>Starting the camera…</source>
        <translation>正在启动高拍仪…</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="120"/>
        <source>The camera stream ended.</source>
        <translation>高拍仪画面已结束。</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="121"/>
        <source>The camera is not working. Please ask a member of staff.</source>
        <translation>高拍仪无法工作，请联系工作人员。</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="126"/>
        <source>The picture is blurred. Hold the page still.</source>
        <translation>画面模糊，请保持材料不动。</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="127"/>
        <source>There is glare on the page. Tilt it away from the light.</source>
        <translation>材料有反光，请调整角度避开光源。</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="128"/>
        <source>Part of the page is outside the picture.</source>
        <translation>材料有一部分在画面之外。</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="129"/>
        <source>The page is too small. Bring it closer.</source>
        <translation>材料在画面中太小，请靠近一些。</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="130"/>
        <source>Too little detail. Bring the page closer.</source>
        <translation>清晰度不够，请将材料靠近一些。</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="131"/>
        <source>Detail is just enough; closer would be better.</source>
        <translation>清晰度刚好够用，再靠近一些更好。</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="132"/>
        <source>Is this the page? If it is, touch &quot;Take the page now&quot;.</source>
        <translation>这是要拍的页面吗？如果是，请点“立即拍摄”。</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="133"/>
        <source>The page could not be checked. Try again.</source>
        <translation>无法检查该页，请重试。</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="139"/>
        <source>No document in view yet.</source>
        <translation>还没有看到证件。</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="140"/>
        <source>Document found. Hold it still…</source>
        <translation>已找到证件，请保持不动…</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="141"/>
        <source>Reading the lines…</source>
        <translation>正在识读机读码…</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="142"/>
        <source>The lines do not read. Lay the page flat and out of reflections, or type the details below.</source>
        <translation>机读码无法识读。请将页面放平并避开反光，或在下方手动输入。</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="148"/>
        <source>connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="149"/>
        <source>connecting</source>
        <translation>正在连接</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="150"/>
        <source>not connected</source>
        <translation>未连接</translation>
    </message>
    <message>
        <location filename="../qml/components/words.js" line="151"/>
        <source>error</source>
        <translation>故障</translation>
    </message>
</context>
</TS>
