<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AboutBox</name>
    <message>
        <location filename="../../studio_app/ui/dialogs/about.py" line="+12"/>
        <source>About %1</source>
        <translation>关于 %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&lt;h3&gt;%1&lt;/h3&gt;&lt;p&gt;Version %2&lt;/p&gt;&lt;p&gt;AI-use consent for voice-over and dubbing takes, carried inside every exported WAV.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;%1&lt;/h3&gt;&lt;p&gt;版本 %2&lt;/p&gt;&lt;p&gt;为配音与译制录音记录 AI 使用授权，并写入每一个导出的 WAV 文件。&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>ActorDialog</name>
    <message>
        <location filename="../../studio_app/ui/dialogs/actor_dialog.py" line="+16"/>
        <source>Add actor</source>
        <translation>添加演员</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Edit actor</source>
        <translation>编辑演员</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Legal name</source>
        <translation>法定姓名</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stage name</source>
        <translation>艺名</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Legal name:</source>
        <translation>法定姓名(&amp;L)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Stage name:</source>
        <translation>艺名(&amp;S)：</translation>
    </message>
</context>
<context>
    <name>ActorsPanel</name>
    <message>
        <location filename="../../studio_app/ui/actors_panel.py" line="+101"/>
        <source>None: each take is decided on its own</source>
        <translation>无：每条录音单独决定</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 for every AI use</source>
        <translation>所有 AI 用途均为%1</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Actors</source>
        <translation>演员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No actor in this session yet: add each performer before the first take.</source>
        <translation>本场次还没有演员：请在第一条录音前添加每位演员。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Legal name</source>
        <translation>法定姓名</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Stage name</source>
        <translation>艺名</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Takes</source>
        <translation>录音数</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Standing decision</source>
        <translation>长期决定</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Actors of the session</source>
        <translation>本场次的演员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Add actor…</source>
        <translation>添加演员(&amp;A)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Edit actor…</source>
        <translation>编辑演员(&amp;E)…</translation>
    </message>
</context>
<context>
    <name>ErrorDialog</name>
    <message>
        <location filename="../../studio_app/ui/dialogs/errors.py" line="+41"/>
        <source>Something went wrong</source>
        <translation>出现问题</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../studio_app/ui/dialogs/export_dialog.py" line="+92"/>
        <source>Export delivery</source>
        <translation>导出交付</translation>
    </message>
    <message numerus="yes">
        <location line="+133"/>
        <source>%n take(s) of session “%1”.</source>
        <translation>
            <numerusform>场次“%1”中的 %n 条录音。</numerusform>
        </translation>
    </message>
    <message>
        <location line="-107"/>
        <source>Destination folder</source>
        <translation>目标文件夹</translation>
    </message>
    <message>
        <location line="-8"/>
        <source>&amp;All takes</source>
        <translation>全部录音(&amp;A)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export all takes of the session</source>
        <translation>导出本场次的全部录音</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose the destination folder</source>
        <translation>选择目标文件夹</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Recipient</source>
        <translation>接收方</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Declared purpose</source>
        <translation>声明的用途</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delivery (restrictions travel inside each file)</source>
        <translation>交付（限制信息随每个文件一起传递）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Destination:</source>
        <translation>目标位置(&amp;D)：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Recipient:</source>
        <translation>接收方(&amp;R)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Declared &amp;purpose:</source>
        <translation>声明的用途(&amp;P)：</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+184"/>
        <source>Takes that block the export</source>
        <translation>阻止导出的录音</translation>
    </message>
    <message>
        <location line="-183"/>
        <location line="+179"/>
        <source>Blocking take / actor: why</source>
        <translation>阻止导出的录音 / 演员：原因</translation>
    </message>
    <message>
        <location line="-174"/>
        <source>Export &amp;only the takes this purpose allows</source>
        <translation>只导出此用途允许的录音(&amp;O)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Select all blocking takes</source>
        <translation>选择所有阻止导出的录音</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Terms of the takes that may leave</source>
        <translation>可导出录音的授权条款</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Take / actor, use: terms</source>
        <translation>录音 / 演员、用途：条款</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Delivery progress</source>
        <translation>交付进度</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Current file progress</source>
        <translation>当前文件进度</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Open &amp;folder</source>
        <translation>打开文件夹(&amp;F)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Open &amp;manifest</source>
        <translation>打开清单(&amp;M)</translation>
    </message>
    <message numerus="yes">
        <location line="+36"/>
        <source>Only the %n selected take(s) of session “%1”</source>
        <translation>
            <numerusform>仅场次“%1”中选中的 %n 条录音</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>not all %n of its takes.</source>
        <translation>
            <numerusform>而不是全部 %n 条。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Checking the recorded decisions…</source>
        <translation>正在检查已记录的决定…</translation>
    </message>
    <message numerus="yes">
        <location line="+44"/>
        <source>The recipient must honour the terms of %n grant(s) in these files:</source>
        <translation>
            <numerusform>接收方必须遵守这些文件中 %n 项授权的条款：</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+23"/>
        <source>Ready: %n take(s) may leave for this purpose.</source>
        <translation>
            <numerusform>可以导出：%n 条录音允许用于此用途。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>Ready: %n take(s) may leave for this purpose</source>
        <translation>
            <numerusform>就绪：%n 条录音可以用于此用途</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n left out, listed below with why.</source>
        <translation>
            <numerusform>%n 条未纳入，原因见下方列表。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>Export blocked: %n take(s) may not leave for this purpose.</source>
        <translation>
            <numerusform>导出被阻止：%n 条录音不允许用于此用途。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Left out: take / actor: why</source>
        <translation>未纳入的录音 / 演员：原因</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Takes left out of the export</source>
        <translation>未纳入导出的录音</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Show in list</source>
        <translation>在列表中显示</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show take %1 in the list</source>
        <translation>在列表中显示录音 %1</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>%1: the permission expired on %2</source>
        <translation>%1：授权已于 %2 到期</translation>
    </message>
    <message numerus="yes">
        <location line="-98"/>
        <location line="+82"/>
        <source>… and %n more</source>
        <translation>
            <numerusform>……以及另外 %n 条</numerusform>
        </translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Pending: no actor on this take</source>
        <translation>待定：这条录音没有演员</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Still being recorded</source>
        <translation>仍在录音中</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Pending: no decision yet for %1</source>
        <translation>待定：%1 尚未作出决定</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The ledger cannot prove this record, nothing will be signed: %1</source>
        <translation>台账无法证明这条记录，不会签署任何文件：%1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Not authorized for %1</source>
        <translation>未授权用于 %1</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Export to folder</source>
        <translation>导出到文件夹</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Cancelling… the files of this export are being removed.</source>
        <translation>正在取消……正在删除本次导出的文件。</translation>
    </message>
    <message numerus="yes">
        <location line="+23"/>
        <source>Delivered %n file(s) to %1.</source>
        <translation>
            <numerusform>已将 %n 个文件交付到 %1。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Manifest: %1</source>
        <translation>清单：%1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Also in the folder: %1</source>
        <translation>文件夹中还有：%1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No time-stamp authority is set: the signatures expire with the studio&apos;s signing certificate.</source>
        <translation>未设置时间戳服务：签名将随录音棚签名证书一同到期。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 existed already: written as %2</source>
        <translation>%1 已存在：已另存为 %2</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Nothing was delivered.</source>
        <translation>未交付任何内容。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export failed: nothing was delivered</source>
        <translation>导出失败：未交付任何文件</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Export cancelled: no file was left behind and no delivery was recorded.</source>
        <translation>导出已取消：没有留下任何文件，也没有记录交付。</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../studio_app/ui/dialogs/import_dialog.py" line="+81"/>
        <source>Import takes</source>
        <translation>导入录音</translation>
    </message>
    <message numerus="yes">
        <location line="+8"/>
        <source>%n WAV file(s) to import:</source>
        <translation>
            <numerusform>待导入的 WAV 文件（%n 个）：</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Files to import</source>
        <translation>待导入的文件</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Actors on these takes:</source>
        <translation>这些录音中的演员(&amp;A)：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Actors on these takes</source>
        <translation>这些录音中的演员</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Takes without an actor stay pending until actors are assigned.</source>
        <translation>未指定演员的录音会一直处于“待定”状态，直到指定演员为止。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Files imported</source>
        <translation>已导入的文件</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Current file</source>
        <translation>当前文件</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Import</source>
        <translation>导入(&amp;I)</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>Copying %1</source>
        <translation>正在复制 %1</translation>
    </message>
    <message numerus="yes">
        <location line="+14"/>
        <source>%n take(s) imported.</source>
        <translation>
            <numerusform>已导入 %n 条录音。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancelled: the remaining files were not imported.</source>
        <translation>已取消：其余文件未导入。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not imported:</source>
        <translation>未导入：</translation>
    </message>
</context>
<context>
    <name>LevelMeters</name>
    <message>
        <location filename="../../studio_app/ui/recorder/meters_widget.py" line="+34"/>
        <source>Input level meters</source>
        <translation>输入电平表</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Clipped: channel %s</source>
        <translation>削波：声道 %s</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../studio_app/ui/main_window.py" line="+245"/>
        <source>S&amp;top recording</source>
        <translation>停止录音(&amp;T)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Finishing the take…</source>
        <translation>正在完成这条录音…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Record a take</source>
        <translation>录制一条录音(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../studio_app/ui/main_actions.py" line="+58"/>
        <source>&amp;New session…</source>
        <translation>新建场次(&amp;N)…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Open session…</source>
        <translation>打开场次(&amp;O)…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Edit session…</source>
        <translation>编辑场次(&amp;E)…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Add &amp;actor…</source>
        <translation>添加演员(&amp;A)…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Import takes…</source>
        <translation>导入录音(&amp;I)…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Import a &amp;folder of takes…</source>
        <translation>导入录音文件夹(&amp;F)…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Apply session &amp;default (no contract / no AI clause)</source>
        <translation>应用场次默认决定（无合同 / 无 AI 条款）(&amp;D)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Record &amp;restriction (not authorized)…</source>
        <translation>记录限制（未授权）(&amp;R)…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Open &amp;talent screen…</source>
        <translation>打开演员屏幕(&amp;T)…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>E&amp;xport…</source>
        <translation>导出(&amp;X)…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Outdated deliveries…</source>
        <translation>已过时的交付(&amp;O)…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>S&amp;tudio name and address…</source>
        <translation>工作室名称和地址(&amp;T)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;User guide</source>
        <translation>用户指南(&amp;U)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;About Consent Slate</source>
        <translation>关于 Consent Slate(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../studio_app/ui/main_window.py" line="+123"/>
        <source>Take &amp;inspector</source>
        <translation>录音详情(&amp;I)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Dark (control room)</source>
        <translation>深色（控制室）(&amp;D)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Light</source>
        <translation>浅色(&amp;L)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;System language</source>
        <translation>跟随系统语言(&amp;S)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Recent sessions</source>
        <translation>最近的场次(&amp;R)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Consent</source>
        <translation>授权(&amp;C)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Theme</source>
        <translation>主题(&amp;T)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Main toolbar</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Take inspector</source>
        <translation>录音详情</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Status:</source>
        <translation>状态(&amp;S)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ac&amp;tor:</source>
        <translation>演员(&amp;T)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Filter by consent status</source>
        <translation>按授权状态筛选</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Filter by actor</source>
        <translation>按演员筛选</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Takes</source>
        <translation>录音</translation>
    </message>
    <message>
        <location line="+17"/>
        <location line="+15"/>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <location line="-13"/>
        <source>Pending</source>
        <translation>待定</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not authorized</source>
        <translation>未授权</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Authorized</source>
        <translation>已授权</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Conditions</source>
        <translation>有条件</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>contract %1</source>
        <translation>合同 %1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>No session open: File ▸ New session (Ctrl+N) or Open session (Ctrl+O).</source>
        <translation>尚未打开场次：文件 ▸ 新建场次（Ctrl+N）或打开场次（Ctrl+O）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Loading the session&apos;s takes…</source>
        <translation>正在加载本场次的录音…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No takes yet. Drop WAV files or folders here, use File ▸ Import takes (Ctrl+I), or record in the Recorder tab.</source>
        <translation>还没有录音。请把 WAV 文件或文件夹拖到这里，使用 文件 ▸ 导入录音（Ctrl+I），或在“录音面板”标签页中录音。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Loading takes…</source>
        <translation>正在加载录音…</translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>%n take(s), %1 pending</source>
        <translation>
            <numerusform>%n 条录音，%1 条待定</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+146"/>
        <source>Labelled %n take(s).</source>
        <translation>
            <numerusform>已为 %n 条录音填写标注。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+37"/>
        <source>%1 takes selected.</source>
        <translation>已选择 %1 条录音。</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Actor %1 added to the session.</source>
        <translation>已将演员 %1 添加到本场次。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Actor %1 saved.</source>
        <translation>演员 %1 已保存。</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Nothing to decide: every take has its decisions.</source>
        <translation>没有需要决定的内容：每条录音都已有决定。</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Applying the session default to the pending takes…</source>
        <translation>正在为待定录音应用场次默认决定……</translation>
    </message>
    <message numerus="yes">
        <location line="+10"/>
        <source>Session default recorded: %n decision(s).</source>
        <translation>
            <numerusform>已记录场次默认决定：%n 项。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Record restriction</source>
        <translation>记录限制</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Select the takes first.</source>
        <translation>请先选择录音。</translation>
    </message>
    <message>
        <location line="+63"/>
        <location line="+15"/>
        <location line="+5"/>
        <source>Import takes</source>
        <translation>导入录音</translation>
    </message>
    <message>
        <location line="-20"/>
        <source>WAV files (%1)</source>
        <translation>WAV 文件 (%1)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Import a folder of takes</source>
        <translation>导入录音文件夹</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Open or create a session first.</source>
        <translation>请先打开或新建一个场次。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No WAV files among the dropped or chosen items.</source>
        <translation>拖入或选择的项目中没有 WAV 文件。</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Outdated deliveries: listed once the talent screen is closed.</source>
        <translation>已过时的交付：演员屏幕关闭后再列出。</translation>
    </message>
    <message numerus="yes">
        <location line="+41"/>
        <source>Recovered %n unfinished take(s).</source>
        <translation>
            <numerusform>已恢复 %n 条未完成的录音。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Unfinished takes that could not be repaired</source>
        <translation>无法修复的未完成录音</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>an export was interrupted; its unfinished files were removed and nothing was delivered</source>
        <translation>一次导出被中断；其未完成的文件已删除，未交付任何文件</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>an interrupted export had been recorded as delivered; its files are now in place</source>
        <translation>一次被中断的导出已记录为已交付；其文件现已就位</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Interrupted exports</source>
        <translation>被中断的导出</translation>
    </message>
</context>
<context>
    <name>OpenLocation</name>
    <message>
        <location filename="../../studio_app/ui/dialogs/open_location.py" line="+30"/>
        <source>Open it yourself</source>
        <translation>请手动打开</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No program on this computer is set up to open it. Its path:</source>
        <translation>这台电脑上没有可以打开它的程序。它的路径：</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Copy path</source>
        <translation>复制路径(&amp;C)</translation>
    </message>
</context>
<context>
    <name>OutdatedDeliveriesDialog</name>
    <message>
        <location filename="../../studio_app/ui/dialogs/deliveries_dialog.py" line="+52"/>
        <source>Deliveries with withdrawn decisions</source>
        <translation>带有已撤回决定的交付</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Outdated deliveries</source>
        <translation>已过时的交付</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Delivered</source>
        <translation>交付时间</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Recipient</source>
        <translation>接收方</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Purpose</source>
        <translation>用途</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Changed takes</source>
        <translation>已变更的录音</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Corrected by</source>
        <translation>更正交付</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose the folder for the corrected copies</source>
        <translation>选择更正副本的文件夹</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Corrected copies &amp;to:</source>
        <translation>更正副本保存到(&amp;T)：</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Re-export progress</source>
        <translation>重新导出进度</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Re-export corrected copies</source>
        <translation>重新导出更正副本(&amp;R)</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Every delivery of this session carries the decisions in force, or has been corrected.</source>
        <translation>本场次的每次交付都带有现行决定，或已被更正。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>not yet</source>
        <translation>尚未更正</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message numerus="yes">
        <location line="+70"/>
        <source>Corrected copies of %n take(s) written to %1, for %2 to %3; the outdated delivery is marked as corrected by them.</source>
        <translation>
            <numerusform>已将 %n 条录音的更正副本写入 %1，用途为%2，接收方为 %3；已过时的交付已标记为由这些副本更正。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="-86"/>
        <source>%n earlier delivery(ies) carry a decision that has changed since. Their files stay as delivered; export corrected copies and tell the recipient.</source>
        <translation>
            <numerusform>之前的 %n 次交付中带有的决定此后已有变更。已交付的文件保持原样；请导出更正后的副本，并通知接收方。</numerusform>
        </translation>
    </message>
    <message>
        <location line="-49"/>
        <location line="+91"/>
        <source>Folder for the corrected copies</source>
        <translation>存放更正副本的文件夹</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>Nothing was re-exported.</source>
        <translation>未重新导出任何内容。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Re-export cancelled: no file was left behind and no delivery was recorded.</source>
        <translation>重新导出已取消：没有留下任何文件，也没有记录交付。</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <location filename="../../studio_app/ui/i18n.py" line="+27"/>
        <source>&amp;Look in:</source>
        <translation>查找范围(&amp;L)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Files of &amp;type:</source>
        <translation>文件类型(&amp;T)：</translation>
    </message>
</context>
<context>
    <name>RecordPanel</name>
    <message>
        <location filename="../../studio_app/ui/recorder/record_panel.py" line="+126"/>
        <source>Input device</source>
        <translation>输入设备</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>%s kHz</source>
        <translation>%s kHz</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>16-bit</source>
        <translation>16 位</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>24-bit</source>
        <translation>24 位</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>32-bit float</source>
        <translation>32 位浮点</translation>
    </message>
    <message>
        <location line="-9"/>
        <source>Channels</source>
        <translation>声道数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sample rate</source>
        <translation>采样率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sample format</source>
        <translation>采样格式</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Scene</source>
        <translation>场景</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Line</source>
        <translation>台词</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Record</source>
        <translation>录音</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location line="-21"/>
        <source>Input:</source>
        <translation>输入：</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Channels:</source>
        <translation>声道数：</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Sample rate:</source>
        <translation>采样率：</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Format:</source>
        <translation>格式：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Scene:</source>
        <translation>场景：</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Line:</source>
        <translation>台词：</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Elapsed:</source>
        <translation>已录时长：</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Disk time left:</source>
        <translation>磁盘剩余可录时长：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Overruns:</source>
        <translation>溢出：</translation>
    </message>
    <message>
        <location line="+17"/>
        <location line="+22"/>
        <source>System default</source>
        <translation>系统默认</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No audio input available: %s</source>
        <translation>没有可用的音频输入：%s</translation>
    </message>
    <message>
        <location line="+97"/>
        <source>Finishing %s…</source>
        <translation>正在完成 %s…</translation>
    </message>
    <message>
        <location line="-9"/>
        <source>%s h %s min</source>
        <translation>%s 小时 %s 分钟</translation>
    </message>
    <message>
        <location line="-16"/>
        <source>%s (input overflows %s, dropped blocks %s)</source>
        <translation>%s（输入溢出 %s 次，丢弃数据块 %s 个）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Writing stopped: %s</source>
        <translation>写入已停止：%s</translation>
    </message>
</context>
<context>
    <name>RecorderDock</name>
    <message>
        <location filename="../../studio_app/ui/recorder/recorder_dock.py" line="+64"/>
        <source>Recorder</source>
        <translation>录音面板</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Recorder</source>
        <translation>录音面板(&amp;R)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>In the &amp;booth:</source>
        <translation>录音间内(&amp;B)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Actors in the booth (on the next take)</source>
        <translation>录音间内的演员（用于下一条录音）</translation>
    </message>
</context>
<context>
    <name>RestrictionDialog</name>
    <message>
        <location filename="../../studio_app/ui/dialogs/restriction_dialog.py" line="+27"/>
        <source>Record restriction (not authorized)</source>
        <translation>记录限制（未授权）</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>Records &quot;Not authorized&quot; for every AI use, for the checked actors on %n selected take(s). Only the actor can grant a permission, on the talent screen.</source>
        <translation>
            <numerusform>为所选 %n 条录音中勾选的演员，对每一种 AI 用途记录“未授权”。只有演员本人才能在演员屏幕上给予授权。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Actors to restrict</source>
        <translation>要限制的演员</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Why (required), e.g. &quot;actor declined AI use verbally&quot;</source>
        <translation>原因（必填），例如“演员口头拒绝 AI 使用”</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Reason:</source>
        <translation>原因(&amp;R)：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Recorded by (engineer)</source>
        <translation>记录人（录音师）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Recorded &amp;by (engineer):</source>
        <translation>记录人（录音师）(&amp;B)：</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Record not authorized</source>
        <translation>记录为未授权</translation>
    </message>
</context>
<context>
    <name>SessionDefaultDialog</name>
    <message>
        <location filename="../../studio_app/ui/dialogs/session_default_dialog.py" line="+20"/>
        <source>Apply the session default</source>
        <translation>应用场次默认决定</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Record “not authorized” for every AI use still undecided: the session has no contract.</source>
        <translation>为所有尚未决定的 AI 用途记录“未授权”，因为本场次没有合同。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Record “not authorized” for every AI use still undecided: the session&apos;s contract has no AI clause.</source>
        <translation>为所有尚未决定的 AI 用途记录“未授权”，因为本场次的合同没有 AI 条款。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Selected takes only</source>
        <translation>仅选中的录音</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>All undecided takes of the session</source>
        <translation>本场次所有尚未决定的录音</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This is the restrictive decision; only the actor can give a permission, on the talent screen.</source>
        <translation>这是限制性决定；只有演员本人才能在演员屏幕上给予授权。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Record not authorized</source>
        <translation>记录“未授权”(&amp;R)</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>%1: nothing left to decide</source>
        <translation>%1：没有需要决定的内容</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n take(s)</source>
        <translation>
            <numerusform>%n 条录音</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n actor(s)</source>
        <translation>
            <numerusform>%n 位演员</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n decision(s)</source>
        <translation>
            <numerusform>%n 项决定</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SessionDialog</name>
    <message>
        <location filename="../../studio_app/ui/dialogs/session_dialog.py" line="+44"/>
        <source>Edit session</source>
        <translation>编辑场次</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>New session</source>
        <translation>新建场次</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>No contract</source>
        <translation>无合同</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Contract without an AI clause</source>
        <translation>合同中没有 AI 条款</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Contract with an AI clause</source>
        <translation>合同中有 AI 条款</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>What the contract&apos;s AI clause says</source>
        <translation>合同中 AI 条款的内容</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Session title</source>
        <translation>场次名称</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Client</source>
        <translation>客户</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Engineer</source>
        <translation>录音师</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Contract reference</source>
        <translation>合同编号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Contract status</source>
        <translation>合同状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>AI clause text</source>
        <translation>AI 条款文本</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Title:</source>
        <translation>名称(&amp;T)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Client:</source>
        <translation>客户(&amp;C)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Engineer:</source>
        <translation>录音师(&amp;E)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Contract &amp;reference:</source>
        <translation>合同编号(&amp;R)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Contract &amp;status:</source>
        <translation>合同状态(&amp;S)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;AI clause:</source>
        <translation>AI 条款(&amp;A)：</translation>
    </message>
</context>
<context>
    <name>SessionPickerDialog</name>
    <message>
        <location line="+32"/>
        <source>Open session</source>
        <translation>打开场次</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sessions</source>
        <translation>场次</translation>
    </message>
</context>
<context>
    <name>StudioDialog</name>
    <message>
        <location filename="../../studio_app/ui/dialogs/studio_dialog.py" line="+22"/>
        <source>Studio</source>
        <translation>工作室</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Who records here: named in every delivery&apos;s records, certificate and manifest.</source>
        <translation>在此录音的工作室：写入每次交付的授权记录、证明和清单。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Studio name</source>
        <translation>工作室名称</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Studio address</source>
        <translation>工作室地址</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Studio contact</source>
        <translation>工作室联系方式</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Address:</source>
        <translation>地址(&amp;A)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Contact (e-mail or phone):</source>
        <translation>联系方式（电子邮件或电话）(&amp;C)：</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Time-stamp authority URL</source>
        <translation>时间戳服务网址</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>An RFC 3161 time-stamp authority: with one, the signatures stay valid after the studio&apos;s signing certificate expires. Empty: no time-stamp.</source>
        <translation>RFC 3161 时间戳服务：设置后，录音棚签名证书到期后签名仍然有效。留空则不加时间戳。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Time-stamp authority (URL):</source>
        <translation>时间戳服务网址(&amp;T)：</translation>
    </message>
</context>
<context>
    <name>TakeInspector</name>
    <message>
        <location filename="../../studio_app/ui/inspector.py" line="+85"/>
        <source>File:</source>
        <translation>文件：</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Format:</source>
        <translation>格式：</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Duration:</source>
        <translation>时长：</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Audio SHA-256:</source>
        <translation>音频 SHA-256：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Actors:</source>
        <translation>演员：</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Actor</source>
        <translation>演员</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Use</source>
        <translation>用途</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Decision</source>
        <translation>决定</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Recorded by</source>
        <translation>记录人</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Why / conditions</source>
        <translation>原因 / 条件</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+2"/>
        <source>Decision history</source>
        <translation>决定历史</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>Tags the export will write</source>
        <translation>导出时将写入的标签</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export tags preview</source>
        <translation>导出标签预览</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+4"/>
        <source>Select one take to inspect it.</source>
        <translation>选择一条录音以查看详情。</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>%1 (until %2)</source>
        <translation>%1（截至 %2）</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Superseded by a later decision</source>
        <translation>已被之后的决定取代</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>actor&apos;s confirmation</source>
        <translation>演员本人确认</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>engineer&apos;s restriction</source>
        <translation>录音师记录的限制</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>session default</source>
        <translation>场次默认决定</translation>
    </message>
</context>
<context>
    <name>TakeModel</name>
    <message>
        <location filename="../../studio_app/ui/take_model.py" line="+86"/>
        <source>AI training</source>
        <translation>AI 训练</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Voice cloning</source>
        <translation>声音克隆</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>AI generation</source>
        <translation>AI 生成</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>AI research</source>
        <translation>AI 研究</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Delivery</source>
        <translation>交付</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+26"/>
        <source>Not authorized</source>
        <translation>未授权</translation>
    </message>
    <message>
        <location line="-25"/>
        <source>Authorized with conditions</source>
        <translation>有条件授权</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Authorized</source>
        <translation>已授权</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Pending</source>
        <translation>待定</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Authorized: %s</source>
        <translation>已授权：%s</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Conditions: %s</source>
        <translation>有条件：%s</translation>
    </message>
    <message>
        <location line="+57"/>
        <source>recording…</source>
        <translation>录音中…</translation>
    </message>
</context>
<context>
    <name>TakePlayer</name>
    <message>
        <location filename="../../studio_app/ui/recorder/playback_widget.py" line="+49"/>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>Playback position</source>
        <translation>播放位置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>No audio output: this computer has no sound output device the app can use. Check the system&apos;s sound settings (the output device for ALSA, PulseAudio or PipeWire) and that speakers or headphones are connected.</source>
        <translation>没有音频输出：这台电脑没有本应用可用的声音输出设备。请检查系统的声音设置（ALSA、PulseAudio 或 PipeWire 的输出设备），并确认已连接扬声器或耳机。</translation>
    </message>
</context>
<context>
    <name>TakeTableModel</name>
    <message>
        <location filename="../../studio_app/ui/take_model.py" line="+130"/>
        <source>Take</source>
        <translation>条号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Scene</source>
        <translation>场景</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Line</source>
        <translation>台词</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Character</source>
        <translation>角色</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Actors</source>
        <translation>演员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Consent</source>
        <translation>授权</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>TalentLaunchDialog</name>
    <message>
        <location filename="../../studio_app/ui/dialogs/talent_launch.py" line="+36"/>
        <source>Open talent screen</source>
        <translation>打开演员屏幕</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Actor</source>
        <translation>演员</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>The %n selected take(s)</source>
        <translation>
            <numerusform>所选的 %n 条录音</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>All takes of this session from now on</source>
        <translation>本场次从现在起的所有录音</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Screen for the talent</source>
        <translation>演员使用的屏幕</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&amp;Actor:</source>
        <translation>演员(&amp;A)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Decision covers:</source>
        <translation>决定适用于：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Screen:</source>
        <translation>屏幕(&amp;S)：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This session has no actor yet: Consent ▸ Add actor (Ctrl+Shift+A).</source>
        <translation>本场次还没有演员：授权 ▸ 添加演员（Ctrl+Shift+A）。</translation>
    </message>
</context>
<context>
    <name>TalentScreen</name>
    <message>
        <location filename="../../studio_app/ui/talent/scope_choice.py" line="+40"/>
        <source>Not authorized</source>
        <translation>未授权</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Authorized</source>
        <translation>已授权</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Authorized with conditions</source>
        <translation>有条件授权</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No decision yet</source>
        <translation>尚未决定</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not the same on all the selected recordings</source>
        <translation>所选录音的决定不一致</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>for: %1</source>
        <translation>用途：%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>until %1</source>
        <translation>截止于 %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>no end date</source>
        <translation>不设截止日期</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>payment: %1</source>
        <translation>报酬：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>represented by: %1</source>
        <translation>代表：%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <location line="+106"/>
        <source>Changed (was: %1)</source>
        <translation>已更改（原为：%1）</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>write your conditions</source>
        <translation>写明您的条件</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>The selected recordings do not all have the same decision for this use, so it starts at “Not authorized”. What you confirm here applies to all of them.</source>
        <translation>所选录音对这项用途的决定并不一致，因此这里从“未授权”开始。您在这里确认的决定将适用于全部所选录音。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>You gave this permission before its terms were asked for. To keep it, answer the questions below; or choose “Not authorized”.</source>
        <translation>您给出这项授权时，还没有询问相关条款。如要保留这项授权，请回答下面的问题；否则请选择“未授权”。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Your conditions:</source>
        <translation>您的条件：</translation>
    </message>
    <message>
        <location filename="../../studio_app/ui/talent/grant_terms.py" line="+34"/>
        <source>Worldwide</source>
        <translation>全球</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A union</source>
        <translation>工会</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>An agent</source>
        <translation>经纪人</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A lawyer</source>
        <translation>律师</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No one</source>
        <translation>无</translation>
    </message>
    <message>
        <location line="+143"/>
        <source>describe what your voice may be used for (intended use)</source>
        <translation>写明您的声音将用于什么（预定用途）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>name a specific use: “%1” does not say what your voice will be used for</source>
        <translation>写明具体用途：“%1”没有说明您的声音会用来做什么</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>choose an end date, or tick “No end date”</source>
        <translation>选择截止日期，或勾选“不设截止日期”</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>write where your voice may be used (territory)</source>
        <translation>写明可以使用的地域范围</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>write how you are paid for this use (or “none”)</source>
        <translation>写明这项用途的报酬（没有请填“无”）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>say who represented you for this decision</source>
        <translation>选择本次决定时代表您的一方</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>What may your voice be used for? Describe the intended use in your own words:</source>
        <translation>您的声音可以用于什么？请用您自己的话写明预定用途：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Use the contract’s wording</source>
        <translation>采用合同中的表述</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>For how long:</source>
        <translation>期限：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ends on</source>
        <translation>截止于</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No end date</source>
        <translation>不设截止日期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Where (territory):</source>
        <translation>地域范围：</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Payment for this use (contract clause or fee; write “none” if there is none):</source>
        <translation>这项用途的报酬（合同条款或费用说明；如没有，请填“无”）：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Who represented you for this decision:</source>
        <translation>本次决定时，代表您的是：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose…</source>
        <translation>请选择…</translation>
    </message>
    <message>
        <location filename="../../studio_app/ui/talent/talent_screen.py" line="+250"/>
        <source>Your consent decision</source>
        <translation>您的授权决定</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Language: %1</source>
        <translation>语言：%1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Actor</source>
        <translation>演员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Project</source>
        <translation>项目</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Recordings</source>
        <translation>录音</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Contract</source>
        <translation>合同</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>No contract reference given</source>
        <translation>未提供合同编号</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Withdraw all AI permissions</source>
        <translation>撤回全部 AI 授权</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>You are withdrawing every AI permission for these recordings: each use below is set to “Not authorized”. Type your name and sign to confirm.</source>
        <translation>您正在撤回这些录音的全部 AI 授权：下面每一项用途都已设为“未授权”。请输入姓名并签名确认。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>What you are confirming</source>
        <translation>您将确认的内容</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Type your full name:</source>
        <translation>请输入您的全名：</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Sign here with your finger, a pen or the mouse:</source>
        <translation>请用手指、触控笔或鼠标在此签名：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Signature</source>
        <translation>签名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clear signature</source>
        <translation>清除签名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel (record nothing)</source>
        <translation>取消（不作任何记录）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Confirm my decision</source>
        <translation>确认我的决定</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Every take of this session recorded or imported from now on</source>
        <translation>本场次今后录制或导入的所有录音</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>%1: %2 → %3</source>
        <translation>%1：%2 → %3</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Nothing has changed yet. Change a choice above, or press Cancel to keep your decision as it is.</source>
        <translation>您还没有做任何更改。请在上方更改选择；如要保留原来的决定，请按“取消”。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1: %2</source>
        <translation>“%1”一项，请%2</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Before you can confirm: %1</source>
        <translation>还差一步：%1</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>Earlier deliveries that carried a permission withdrawn here: %n. The studio will tell their recipients.</source>
        <translation>此前已有 %n 次交付包含您这次撤回的授权，录音棚会通知这些交付的接收方。</translation>
    </message>
    <message>
        <location line="-128"/>
        <source>and %n more</source>
        <translation>以及其他 %n 条</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Selected takes (%n): %1</source>
        <translation>所选录音（%n 条）：%1</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>%1 (unchanged): %2</source>
        <translation>%1（未更改）：%2</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Type your name as written here: %1</source>
        <translation>请输入您的姓名（须与“%1”一致）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Please sign in the box above.</source>
        <translation>请在上方框内签名。</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Nothing was recorded: %1</source>
        <translation>未作任何记录：%1</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Your decision is recorded</source>
        <translation>您的决定已记录</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Recorded on %1 for %2.</source>
        <translation>已于 %1 记录 %2 的决定。</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Terms version %1, text fingerprint %2</source>
        <translation>条款版本 %1，文本指纹 %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>You can change this decision later; a change is recorded with its date.</source>
        <translation>您以后可以随时更改这个决定，每次更改都会连同日期一起记录。</translation>
    </message>
</context>
<context>
    <name>WatchPanel</name>
    <message>
        <location filename="../../studio_app/ui/recorder/watch_panel.py" line="+100"/>
        <source>DAW watch folders</source>
        <translation>DAW 监视文件夹</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Watched folders</source>
        <translation>监视的文件夹</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add folder…</source>
        <translation>添加文件夹…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy into the managed folder</source>
        <translation>复制到受管理的文件夹</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reference where they are</source>
        <translation>在原位置引用</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How picked-up files are kept</source>
        <translation>拾取的文件如何保存</translation>
    </message>
    <message>
        <location line="+82"/>
        <source>left alone: still being written, looked at again once settled</source>
        <translation>未拾取：仍在写入，文件稳定后会再次检查</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>left alone: not a WAV file the app can read</source>
        <translation>未拾取：不是本程序能读取的 WAV 文件</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>left alone: written over, no longer its take&apos;s audio (the take&apos;s ledger data is kept)</source>
        <translation>未拾取：文件已被覆盖，不再是其录音的音频（该录音的记录数据已保留）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>left alone: the ledger refused it</source>
        <translation>未拾取：记录库拒绝了该文件</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Watch</source>
        <translation>监视</translation>
    </message>
    <message>
        <location line="-109"/>
        <source>What the watch folder found</source>
        <translation>监视文件夹发现的内容</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Watch a DAW folder</source>
        <translation>监视一个 DAW 文件夹</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>picked up as a pending take</source>
        <translation>已作为待定录音拾取</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>found again after a rename; ledger data kept</source>
        <translation>重命名后已重新找到；记录数据已保留</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>missing from the folder; ledger data kept</source>
        <translation>已从文件夹中消失；记录数据已保留</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>The watch folder stopped: %s</source>
        <translation>监视文件夹已停止：%s</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Stop watching</source>
        <translation>停止监视</translation>
    </message>
</context>
<context>
    <name>WaveformThumbnail</name>
    <message>
        <location filename="../../studio_app/ui/recorder/waveform.py" line="+67"/>
        <source>Waveform</source>
        <translation>波形</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Cannot read %s: %s</source>
        <translation>无法读取 %s：%s</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Cannot draw the waveform: %s</source>
        <translation>无法绘制波形：%s</translation>
    </message>
</context>
</TS>
