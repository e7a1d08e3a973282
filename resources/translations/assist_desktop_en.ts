<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>AddCadreDialog</name>
    <message>
        <source>新增责任人</source>
        <translation>New cadre</translation>
    </message>
    <message>
        <source>姓名 *</source>
        <translation>Name *</translation>
    </message>
    <message>
        <source>所在工会</source>
        <translation>Union</translation>
    </message>
    <message>
        <source>（本工会）</source>
        <translation>(this union)</translation>
    </message>
    <message>
        <source>身份</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>职务</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>手机号码</source>
        <translation>Mobile phone</translation>
    </message>
</context>
<context>
    <name>AddUserDialog</name>
    <message>
        <source>新增账号</source>
        <translation>New account</translation>
    </message>
    <message>
        <source>用户名 *</source>
        <translation>User name *</translation>
    </message>
    <message>
        <source>字母、数字或 _ . -，如 wangfang</source>
        <translation>letters, digits or _ . -, e.g. wangfang</translation>
    </message>
    <message>
        <source>姓名 *</source>
        <translation>Name *</translation>
    </message>
    <message>
        <source>角色 *</source>
        <translation>Role *</translation>
    </message>
    <message>
        <source>密码 *</source>
        <translation>Password *</translation>
    </message>
    <message>
        <source>再输一次 *</source>
        <translation>Repeat *</translation>
    </message>
    <message>
        <source>角色：管理员可做一切并管理账号；录入员录入档案、帮扶、包保；审核员复核、改定、退档；查看员只能查看。</source>
        <translation>Roles: administrators may do everything and manage accounts; clerks enter files, assistance and pairing; reviewers review, override and close; viewers only view.</translation>
    </message>
    <message>
        <source>这是第一个账号，角色为管理员。建立后，程序每次启动都要登录，请记住用户名和密码。</source>
        <translation>This is the first account; it is an administrator. Once it exists, the program asks for a sign-in at every start: remember the user name and password.</translation>
    </message>
</context>
<context>
    <name>AssignDialog</name>
    <message>
        <source>指定帮扶联系责任人</source>
        <translation>Assign responsible person</translation>
    </message>
    <message>
        <source>为 %1 份档案指定帮扶联系责任人：%2</source>
        <translation>Assign a responsible person to %1 file(s): %2</translation>
    </message>
    <message>
        <source>责任人 *</source>
        <translation>Person *</translation>
    </message>
    <message>
        <source>责任单位</source>
        <translation>Responsible unit</translation>
    </message>
    <message>
        <source>起始日期 *</source>
        <translation>From *</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Note</translation>
    </message>
</context>
<context>
    <name>AssistanceDialog</name>
    <message>
        <source>记录帮扶 — %1</source>
        <translation>Record assistance — %1</translation>
    </message>
    <message>
        <source>帮扶类型 *</source>
        <translation>Kind *</translation>
    </message>
    <message>
        <source>帮扶日期 *</source>
        <translation>Date *</translation>
    </message>
    <message>
        <source>金额</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>资金来源 *</source>
        <translation>Fund source *</translation>
    </message>
    <message>
        <source>帮扶人</source>
        <translation>Helper</translation>
    </message>
    <message>
        <source>帮扶物品/内容</source>
        <translation>Items / content</translation>
    </message>
    <message>
        <source>如：米一袋、油一桶</source>
        <translation>e.g. a bag of rice, a can of oil</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>资金帮扶须填写金额（元，最多两位小数）；其他帮扶金额可不填。</source>
        <translation>Money assistance needs an amount (yuan, at most two decimals); for other kinds the amount is optional.</translation>
    </message>
</context>
<context>
    <name>BackupDialog</name>
    <message>
        <source>每日</source>
        <extracomment>the kinds of automatic backup, as the list shows them</extracomment>
        <translation>Daily</translation>
    </message>
    <message>
        <source>导入数据包前</source>
        <translation>Before package import</translation>
    </message>
    <message>
        <source>导入花名册前</source>
        <translation>Before roster import</translation>
    </message>
    <message>
        <source>升级前</source>
        <translation>Before upgrade</translation>
    </message>
    <message>
        <source>恢复前</source>
        <translation>Before restore</translation>
    </message>
    <message>
        <source>手动</source>
        <translation>Manual</translation>
    </message>
    <message>
        <source>备份与恢复</source>
        <translation>Backup and restore</translation>
    </message>
    <message>
        <source>数据库：%1
自动备份文件夹：%2
每天第一次启动时、每次导入和升级前自动备份；每类保留若干份，最新一份完好的备份从不删除。</source>
        <translation>Database: %1
Automatic backup folder: %2
Backups are made automatically at the first start of each day and before every import and upgrade; a few of each kind are kept, and the newest good backup is never deleted.</translation>
    </message>
    <message>
        <source>（服务器数据库由服务器自身备份）</source>
        <translation>(a server database is backed up by the server itself)</translation>
    </message>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>档案数</source>
        <translation>Files</translation>
    </message>
    <message>
        <source>大小</source>
        <translation>Size</translation>
    </message>
    <message>
        <source>检查</source>
        <translation>Check</translation>
    </message>
    <message>
        <source>立即备份…</source>
        <translation>Back up now…</translation>
    </message>
    <message>
        <source>从文件恢复…</source>
        <translation>Restore from file…</translation>
    </message>
    <message>
        <source>用所选备份恢复…</source>
        <translation>Restore selected backup…</translation>
    </message>
    <message>
        <source>自动备份：</source>
        <translation>Automatic backups:</translation>
    </message>
    <message>
        <source>完好</source>
        <translation>Good</translation>
    </message>
    <message>
        <source>有问题：%1</source>
        <translation>Problem: %1</translation>
    </message>
    <message>
        <source>备份到</source>
        <translation>Back up to</translation>
    </message>
    <message>
        <source>数据库备份 (*.sqlite3 *.dump);;所有文件 (*)</source>
        <translation>Database backups (*.sqlite3 *.dump);;All files (*)</translation>
    </message>
    <message>
        <source>备份完成</source>
        <translation>Backup finished</translation>
    </message>
    <message>
        <source>已备份到 %1（档案 %2 份，检查：%3）</source>
        <translation>Backed up to %1 (%2 file(s), check: %3)</translation>
    </message>
    <message>
        <source>正在备份…</source>
        <translation>Backing up…</translation>
    </message>
    <message>
        <source>选择备份文件</source>
        <translation>Choose a backup file</translation>
    </message>
    <message>
        <source>用备份 %1 恢复数据库？

备份时间：%2
其中档案：%3 份
检查：%4

当前数据库的全部内容将被替换（替换前会自动保存一份副本）。</source>
        <translation>Restore the database from backup %1?

Backed up: %2
Files in it: %3
Check: %4

Everything in the current database will be replaced (a copy of it is saved automatically first).</translation>
    </message>
    <message>
        <source>恢复数据库</source>
        <translation>Restore database</translation>
    </message>
    <message>
        <source>不能用此文件恢复</source>
        <translation>Cannot restore from this file</translation>
    </message>
    <message>
        <source>%1 不是完好的本程序备份：%2</source>
        <translation>%1 is not a good backup made by this program: %2</translation>
    </message>
    <message>
        <source>版本不明</source>
        <translation>unknown version</translation>
    </message>
    <message>
        <source>用 %1 恢复服务器数据库？</source>
        <translation>Restore the server database from %1?</translation>
    </message>
    <message>
        <source>恢复完成</source>
        <translation>Restore finished</translation>
    </message>
    <message>
        <source>已恢复。被替换的数据库已保存为：%1</source>
        <translation>Restored. The replaced database was saved as: %1</translation>
    </message>
    <message>
        <source>正在恢复…</source>
        <translation>Restoring…</translation>
    </message>
    <message>
        <source>备份与恢复…</source>
        <translation>Backup and restore…</translation>
    </message>
    <message>
        <source>立即备份、从备份恢复、查看自动备份</source>
        <translation>Back up now, restore from a backup, see the automatic backups</translation>
    </message>
</context>
<context>
    <name>BatchPrintDialog</name>
    <message>
        <source>批量打印</source>
        <translation>Batch printing</translation>
    </message>
    <message>
        <source>打印什么：</source>
        <translation>What to print:</translation>
    </message>
    <message>
        <source>帮扶绿卡（每页4张）</source>
        <translation>Green cards (4 to a page)</translation>
    </message>
    <message>
        <source>档案表（每份档案从新的一页开始）</source>
        <translation>File sheets (each file on a new page)</translation>
    </message>
    <message>
        <source>哪些档案：</source>
        <translation>Which files:</translation>
    </message>
    <message>
        <source>选中的档案（%1 份）</source>
        <translation>Selected files (%1)</translation>
    </message>
    <message>
        <source>列表中的全部档案（按当前检索和筛选，%1 份）</source>
        <translation>Every file in the list (current search and filter, %1)</translation>
    </message>
    <message>
        <source>档案表打印完整身份证号（纸质档案）</source>
        <translation>Full ID numbers on the sheets (for the paper file)</translation>
    </message>
    <message>
        <source>先生成 PDF（可取消），再选择打印机和纸张；打印时也可随时取消，并告知已打印多少。</source>
        <translation>The PDF is made first (you can cancel), then you choose the printer and paper; printing can be cancelled too, and you are told how much was printed.</translation>
    </message>
    <message>
        <source>打印…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <source>另存为PDF…</source>
        <translation>Save as PDF…</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>CadreCombo</name>
    <message>
        <source>（请选择）</source>
        <translation>(choose)</translation>
    </message>
    <message>
        <source> [已离开]</source>
        <translation> [left]</translation>
    </message>
    <message>
        <source>输入姓名或拼音首字母查找</source>
        <translation>Type a name or its pinyin initials</translation>
    </message>
</context>
<context>
    <name>CadresDialog</name>
    <message>
        <source>责任人管理</source>
        <translation>Cadres</translation>
    </message>
    <message>
        <source>显示已离开的</source>
        <translation>Show those who left</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>身份</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>职务</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>手机号码</source>
        <translation>Mobile phone</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>新增责任人…</source>
        <translation>New cadre…</translation>
    </message>
    <message>
        <source>登记离开…</source>
        <translation>Mark as left…</translation>
    </message>
    <message>
        <source>责任人离开前，请用“移交”把其负责的档案交给他人（移交时也可一并登记离开）。</source>
        <translation>Before a cadre leaves, hand their files over to someone else with Handover (which can mark them as left too).</translation>
    </message>
    <message>
        <source>在职</source>
        <translation>Active</translation>
    </message>
    <message>
        <source>%1 离开</source>
        <translation>left %1</translation>
    </message>
    <message>
        <source>登记离开</source>
        <translation>Mark as left</translation>
    </message>
    <message>
        <source>登记 %1 已于 %2 离开？其负责的档案将列入“未落实责任人”，请及时移交。</source>
        <translation>Record that %1 left on %2? Their files will be listed as uncovered until handed over.</translation>
    </message>
</context>
<context>
    <name>CardScopeDialog</name>
    <message>
        <source>打印绿卡</source>
        <translation>Print green cards</translation>
    </message>
    <message>
        <source>选中的档案（%1 份）</source>
        <translation>Selected files (%1)</translation>
    </message>
    <message>
        <source>全部在档帮扶对象</source>
        <translation>Every registered household</translation>
    </message>
    <message>
        <source>每页4张，可裁切后塑封。身份证号隐去中间部分。</source>
        <translation>Four cards a page, to cut out and laminate. ID numbers have their middle digits hidden.</translation>
    </message>
    <message>
        <source>预览并打印…</source>
        <translation>Preview and print…</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>CareActions</name>
    <message>
        <source>记录帮扶…</source>
        <translation>Record assistance…</translation>
    </message>
    <message>
        <source>为当前档案记录一次帮扶（类型、金额、资金来源）</source>
        <translation>Record assistance for the current file (kind, amount, fund source)</translation>
    </message>
    <message>
        <source>记录走访…</source>
        <translation>Record visit…</translation>
    </message>
    <message>
        <source>为当前档案记录一次入户走访（更新思想状况和最近走访日期）</source>
        <translation>Record a home visit for the current file (updates state of mind and last visit date)</translation>
    </message>
    <message>
        <source>记录再就业帮扶…</source>
        <translation>Record re-employment support…</translation>
    </message>
    <message>
        <source>再就业优惠证、职业介绍、培训、小额贷款、社保补贴、公益性岗位</source>
        <translation>Re-employment certificate, job referral, training, small loan, insurance subsidy, public-welfare post</translation>
    </message>
    <message>
        <source>记录就业结果…</source>
        <translation>Record job outcome…</translation>
    </message>
    <message>
        <source>为选中的再就业帮扶记录补记结果：培训或介绍后是否就业</source>
        <translation>Record what came of the chosen re-employment support: work found after training or referral</translation>
    </message>
    <message>
        <source>指定责任人…</source>
        <translation>Assign responsible person…</translation>
    </message>
    <message>
        <source>为选中的档案（可多选）指定帮扶联系责任人</source>
        <translation>Assign a responsible person to the selected files (several allowed)</translation>
    </message>
    <message>
        <source>移交…</source>
        <translation>Handover…</translation>
    </message>
    <message>
        <source>把一位责任人负责的全部档案移交给另一位</source>
        <translation>Hand every file of one cadre over to another</translation>
    </message>
    <message>
        <source>未落实责任人…</source>
        <translation>Uncovered files…</translation>
    </message>
    <message>
        <source>列出没有帮扶联系责任人（或责任人已离开）的在档户</source>
        <translation>Registered households without a responsible person (or whose person left)</translation>
    </message>
    <message>
        <source>责任人管理…</source>
        <translation>Cadres…</translation>
    </message>
    <message>
        <source>责任人名单，新增、登记离开</source>
        <translation>The list of cadres: add, mark as left</translation>
    </message>
    <message>
        <source>包保责任书…</source>
        <translation>Responsibility letters…</translation>
    </message>
    <message>
        <source>责任书的起草与签字</source>
        <translation>Draw up and sign responsibility letters</translation>
    </message>
    <message>
        <source>立即评定</source>
        <translation>Register now</translation>
    </message>
    <message>
        <source>按现行标准评定当前档案，五清齐全且达到标准即登记在档</source>
        <translation>Evaluate the current file now; with all five clears and the standard met it is registered</translation>
    </message>
    <message>
        <source>解困/注销…</source>
        <translation>Relieve / cancel…</translation>
    </message>
    <message>
        <source>解困或注销当前档案（须写明理由）</source>
        <translation>Relieve or cancel the current file (a written reason is required)</translation>
    </message>
    <message>
        <source>人工改定…</source>
        <translation>Override…</translation>
    </message>
    <message>
        <source>以书面理由改定当前档案的状态或类别</source>
        <translation>Override the current file&apos;s status or category with a written reason</translation>
    </message>
    <message>
        <source>账号管理…</source>
        <translation>Accounts…</translation>
    </message>
    <message>
        <source>登录账号：新增、设定角色、重设密码</source>
        <translation>Sign-in accounts: add, set role, reset password</translation>
    </message>
    <message>
        <source>帮扶(&amp;A)</source>
        <translation>&amp;Assistance</translation>
    </message>
    <message>
        <source>包保(&amp;B)</source>
        <translation>Pa&amp;iring</translation>
    </message>
    <message>
        <source>开始日期</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>帮扶方式</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>内容</source>
        <translation>Content</translation>
    </message>
    <message>
        <source>证书</source>
        <translation>Certificate</translation>
    </message>
    <message>
        <source>是否就业</source>
        <translation>Found work</translation>
    </message>
    <message>
        <source>结果</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <source>其后就业</source>
        <translation>Work after</translation>
    </message>
    <message>
        <source>再就业</source>
        <translation>Re-employment</translation>
    </message>
    <message>
        <source>未记录</source>
        <translation>Not recorded</translation>
    </message>
    <message>
        <source>培训 %1 次，其后就业 %2 次；未记录结果 %3 次。</source>
        <translation>Trainings: %1, followed by work: %2; outcome not recorded: %3.</translation>
    </message>
    <message>
        <source>尚无培训记录。</source>
        <translation>No training recorded.</translation>
    </message>
    <message>
        <source>尚无再就业帮扶记录。</source>
        <translation>No re-employment support recorded.</translation>
    </message>
    <message>
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>否</source>
        <translation>No</translation>
    </message>
    <message>
        <source>当前用户：%1（%2）</source>
        <translation>Signed in: %1 (%2)</translation>
    </message>
    <message>
        <source>记录就业结果</source>
        <translation>Record job outcome</translation>
    </message>
    <message>
        <source>请先在“再就业”页选中一条再就业帮扶记录。</source>
        <translation>Choose a re-employment support record on the Re-employment tab first.</translation>
    </message>
    <message>
        <source>已为 %1 份档案指定责任人 %2（%3 份原已是该责任人）</source>
        <translation>%1 file(s) assigned to %2 (%3 already were)</translation>
    </message>
    <message>
        <source>移交完成</source>
        <translation>Handover done</translation>
    </message>
    <message>
        <source>不能登记</source>
        <translation>Cannot register</translation>
    </message>
    <message>
        <source>%1 已登记在档：%2</source>
        <translation>%1 is registered: %2</translation>
    </message>
</context>
<context>
    <name>CloseDialog</name>
    <message>
        <source>解困/注销</source>
        <translation>Relieve / cancel</translation>
    </message>
    <message>
        <source>解困</source>
        <translation>Relieved</translation>
    </message>
    <message>
        <source>基本保障加持续帮扶已使家庭高于低保标准，虽未脱困，不再列为帮扶对象</source>
        <translation>Basic welfare plus ongoing help keep the household above the dibao standard; not out of hardship, but no longer a target</translation>
    </message>
    <message>
        <source>注销</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <source>死亡、迁出、认定有误或不在帮扶范围</source>
        <translation>Death, moved away, misidentified or out of scope</translation>
    </message>
    <message>
        <source>退档方式 *</source>
        <translation>How *</translation>
    </message>
    <message>
        <source>注销原因</source>
        <translation>Cancellation reason</translation>
    </message>
    <message>
        <source>退档日期 *</source>
        <translation>Closing date *</translation>
    </message>
    <message>
        <source>理由 *</source>
        <translation>Reason *</translation>
    </message>
    <message>
        <source>写明依据，如：经入户核实……</source>
        <translation>State the grounds, e.g. checked at a home visit…</translation>
    </message>
    <message>
        <source>审核人理由</source>
        <translation>Reviewer&apos;s reason</translation>
    </message>
    <message>
        <source>人均月收入低于低保标准仍予解困时，由审核人写明理由（否则不能解困）</source>
        <translation>To relieve a household whose per-capita income is below the dibao standard, a reviewer writes the reason (otherwise it cannot be relieved)</translation>
    </message>
    <message>
        <source>退档后档案保留、可查，不再计入在档户；脱困由程序按收入观察和公示自动办理，不在此处。</source>
        <translation>A closed file is kept and can be looked up, but no longer counts as registered. Exits out of hardship are done by the program after the income watch and notice, not here.</translation>
    </message>
    <message>
        <source>退档</source>
        <translation>Close file</translation>
    </message>
</context>
<context>
    <name>CoverageDialog</name>
    <message>
        <source>未落实帮扶联系责任人的档案</source>
        <translation>Files without a responsible person</translation>
    </message>
    <message>
        <source>档案编号</source>
        <translation>File no.</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>问题</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>双击一行打开该档案。</source>
        <translation>Double-click a row to open the file.</translation>
    </message>
    <message>
        <source>在档 %1 户，已落实 %2 户，未落实 %3 户。</source>
        <translation>%1 registered households: %2 covered, %3 uncovered.</translation>
    </message>
</context>
<context>
    <name>Dashboard</name>
    <message>
        <source>档案总数 &lt;b&gt;%1&lt;/b&gt;&#x3000;&#x3000;在档帮扶对象 &lt;b&gt;%2&lt;/b&gt;&#x3000;&#x3000;累计帮扶金额 &lt;b&gt;%3&lt;/b&gt;</source>
        <translation>Files &lt;b&gt;%1&lt;/b&gt;&amp;nbsp;&amp;nbsp;&amp;nbsp;Registered households &lt;b&gt;%2&lt;/b&gt;&amp;nbsp;&amp;nbsp;&amp;nbsp;Assistance given &lt;b&gt;%3&lt;/b&gt;</translation>
    </message>
    <message>
        <source>复核待办 &lt;b&gt;%1&lt;/b&gt;：</source>
        <translation>Review tasks &lt;b&gt;%1&lt;/b&gt;:</translation>
    </message>
    <message>
        <source>未定类别 %1</source>
        <translation>No category %1</translation>
    </message>
    <message>
        <source>在档帮扶对象：按困难类别</source>
        <translation>Registered households by category</translation>
    </message>
    <message>
        <source>在档帮扶对象：按困难类别（暂无）</source>
        <translation>Registered households by category (none yet)</translation>
    </message>
    <message>
        <source>档案数</source>
        <translation>Files</translation>
    </message>
    <message>
        <source>全部档案：按状态</source>
        <translation>All files by status</translation>
    </message>
</context>
<context>
    <name>DetailPane</name>
    <message>
        <source>姓名</source>
        <extracomment>the care buttons above 帮扶记录/走访, in order (keys of `bind_care_actions`) the buttons of the 再就业 tab, in order (keys of `bind_employment_actions`) the item data role of the 再就业 table&apos;s first column: the record&apos;s id called before a pane widget&apos;s content is read from code: fills the widget&apos;s tab when it is not filled yet 概况&apos;s label/value lines: the value at a tab stop past the widest label, wrapped lines under the value the widest a detail-table column grows to fit its content (longer text wraps) the tabs (their page widgets) filled for the file shown; the others are filled when first shown</extracomment>
        <translation>Name</translation>
    </message>
    <message>
        <source>关系</source>
        <translation>Relation</translation>
    </message>
    <message>
        <source>性别</source>
        <translation>Sex</translation>
    </message>
    <message>
        <source>出生日期</source>
        <translation>Birth date</translation>
    </message>
    <message>
        <source>健康</source>
        <translation>Health</translation>
    </message>
    <message>
        <source>身份</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>月收入</source>
        <translation>Monthly income</translation>
    </message>
    <message>
        <source>学校/年级</source>
        <translation>School / year</translation>
    </message>
    <message>
        <source>参保</source>
        <translation>Insurance</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>帮扶类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>金额</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>资金来源</source>
        <translation>Fund source</translation>
    </message>
    <message>
        <source>帮扶人</source>
        <translation>Helper</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>走访日期</source>
        <translation>Visit date</translation>
    </message>
    <message>
        <source>走访人</source>
        <translation>Visitor</translation>
    </message>
    <message>
        <source>生活状况</source>
        <translation>Living situation</translation>
    </message>
    <message>
        <source>需求</source>
        <translation>Needs</translation>
    </message>
    <message>
        <source>思想状况</source>
        <translation>State of mind</translation>
    </message>
    <message>
        <source>事项</source>
        <translation>Event</translation>
    </message>
    <message>
        <source>状态变化</source>
        <translation>Status change</translation>
    </message>
    <message>
        <source>类别变化</source>
        <translation>Category change</translation>
    </message>
    <message>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>操作人</source>
        <translation>By</translation>
    </message>
    <message>
        <source>帮扶记录</source>
        <translation>Assistance</translation>
    </message>
    <message>
        <source>入户走访</source>
        <translation>Home visits</translation>
    </message>
    <message>
        <source>概况</source>
        <translation>Overview</translation>
    </message>
    <message>
        <source>五清</source>
        <translation>Five clears</translation>
    </message>
    <message>
        <source>家庭成员</source>
        <translation>Household</translation>
    </message>
    <message>
        <source>帮扶记录/走访</source>
        <translation>Assistance</translation>
    </message>
    <message>
        <source>历史</source>
        <translation>History</translation>
    </message>
    <message>
        <source>在左侧列表中选择一份档案，这里显示它的详细情况。</source>
        <translation>Select a file in the list to see it here.</translation>
    </message>
    <message>
        <source>（未定类别）</source>
        <translation>(no category)</translation>
    </message>
    <message>
        <source>自 %1</source>
        <translation>since %1</translation>
    </message>
    <message>
        <source>困难类别及依据</source>
        <translation>Category and the numbers behind it</translation>
    </message>
    <message>
        <source>（尚未指定）</source>
        <translation>(not assigned)</translation>
    </message>
    <message>
        <source>帮扶责任</source>
        <translation>Responsibility</translation>
    </message>
    <message>
        <source>帮扶联系责任人</source>
        <translation>Responsible person</translation>
    </message>
    <message>
        <source>所属工会</source>
        <translation>Union</translation>
    </message>
    <message>
        <source>上报审核</source>
        <translation>Review</translation>
    </message>
    <message>
        <source>人均月收入</source>
        <translation>Per-capita monthly income</translation>
    </message>
    <message>
        <source>尚未评定</source>
        <translation>not yet evaluated</translation>
    </message>
    <message>
        <source>（家庭年收入 %1 − 刚性支出 %2）÷ %3 人 ÷ 12 个月</source>
        <translation>(annual income %1 − unavoidable spending %2) ÷ %3 people ÷ 12 months</translation>
    </message>
    <message>
        <source>；其中 %1 名有劳动能力未就业成员按最低工资 %2 计入</source>
        <translation>; %1 able member(s) without work counted at the minimum wage %2</translation>
    </message>
    <message>
        <source>计算方法</source>
        <translation>Calculation</translation>
    </message>
    <message>
        <source>收入数据日期</source>
        <translation>Income as of</translation>
    </message>
    <message>
        <source>低保标准（深度困难线）</source>
        <translation>Dibao standard (deep-hardship line)</translation>
    </message>
    <message>
        <source>相对困难线</source>
        <translation>Relative-hardship line</translation>
    </message>
    <message>
        <source>脱困线</source>
        <translation>Exit line</translation>
    </message>
    <message>
        <source>标准生效日期</source>
        <translation>Standard in force from</translation>
    </message>
    <message>
        <source>认定依据</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>评定日期</source>
        <translation>Evaluated on</translation>
    </message>
    <message>
        <source>待办/未达标准原因</source>
        <translation>Pending / ineligible because</translation>
    </message>
    <message>
        <source>收入观察起始</source>
        <translation>Income watch since</translation>
    </message>
    <message>
        <source>（已连续 %1 个月）</source>
        <translation> (%1 months in a row)</translation>
    </message>
    <message>
        <source>脱困公示截止</source>
        <translation>Exit notice until</translation>
    </message>
    <message>
        <source>退档</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>意外事件 / 年度致困支出</source>
        <translation>Accident / hardship costs this year</translation>
    </message>
    <message>
        <source>五清齐全，可以登记入档。</source>
        <translation>All five clears are clear; the file can be registered.</translation>
    </message>
    <message>
        <source>五清不全，补齐后才能登记入档：</source>
        <translation>Not all five clears are clear; complete them before registering:</translation>
    </message>
    <message>
        <source>程序步骤</source>
        <translation>Procedure steps</translation>
    </message>
</context>
<context>
    <name>EmploymentDialog</name>
    <message>
        <source>记录再就业帮扶 — %1</source>
        <translation>Record re-employment support — %1</translation>
    </message>
    <message>
        <source>帮扶方式 *</source>
        <translation>Kind *</translation>
    </message>
    <message>
        <source>开始日期 *</source>
        <translation>Start *</translation>
    </message>
    <message>
        <source>结束日期</source>
        <translation>End</translation>
    </message>
    <message>
        <source>内容</source>
        <translation>Content</translation>
    </message>
    <message>
        <source>如：推荐岗位、培训课程名称</source>
        <translation>e.g. the job referred, the course name</translation>
    </message>
    <message>
        <source>证书</source>
        <translation>Certificate</translation>
    </message>
    <message>
        <source>结果</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <source>是否就业</source>
        <translation>Found work</translation>
    </message>
    <message>
        <source>金额（贷款/补贴）</source>
        <translation>Amount (loan / subsidy)</translation>
    </message>
    <message>
        <source>贷款机构</source>
        <translation>Lender</translation>
    </message>
    <message>
        <source>（未填）</source>
        <translation>(not stated)</translation>
    </message>
    <message>
        <source> 个月</source>
        <translation> months</translation>
    </message>
    <message>
        <source>贷款期限</source>
        <translation>Loan term</translation>
    </message>
    <message>
        <source>岗位安置、公益性岗位和自主创业记为已就业，保存后按现行标准重新评定档案（收入达到脱困线的进入收入观察）。</source>
        <translation>A job placement, public-welfare post or business start counts as work: on saving, the file is re-evaluated (an income at the exit line starts the income watch).</translation>
    </message>
</context>
<context>
    <name>EmploymentOutcomeDialog</name>
    <message>
        <source>记录就业结果 — %1</source>
        <translation>Record job outcome — %1</translation>
    </message>
    <message>
        <source>%1 %2 %3</source>
        <translation>%1 %2 %3</translation>
    </message>
    <message>
        <source>其后是否就业</source>
        <translation>Work found after</translation>
    </message>
    <message>
        <source>结果</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <source>结束日期</source>
        <translation>End date</translation>
    </message>
    <message>
        <source>证书</source>
        <translation>Certificate</translation>
    </message>
</context>
<context>
    <name>EnumCombo</name>
    <message>
        <source>（未填）</source>
        <translation>(not stated)</translation>
    </message>
</context>
<context>
    <name>ExchangeActions</name>
    <message>
        <source>此数据包由旧版程序导出，没有签名：无法确认真是工会 %1（%2）发来的。
确认来源可靠并导入吗？</source>
        <translation>This package was exported by an older version and is not signed: it cannot be confirmed that it comes from union %1 (%2).
Are you sure of its source, and import it?</translation>
    </message>
    <message>
        <source>首次收到工会 %1（%2）的数据包。请与对方核对公钥指纹：

%3

指纹一致才可导入。指纹一致吗？</source>
        <translation>First package from union %1 (%2). Compare its key fingerprint with the sender:

%3

Import only if they match. Do they match?</translation>
    </message>
    <message>
        <source>确认发送方</source>
        <translation>Confirm the sender</translation>
    </message>
    <message>
        <source>导出数据包…</source>
        <translation>Export package…</translation>
    </message>
    <message>
        <source>把本工会的档案导出为数据包，报送上级工会</source>
        <translation>Export this union&apos;s files as a package for the higher union</translation>
    </message>
    <message>
        <source>导入数据包…</source>
        <translation>Import package…</translation>
    </message>
    <message>
        <source>导入下级工会的数据包：先校验和预览，确认后合并</source>
        <translation>Import a lower union&apos;s package: checked and previewed first, merged when you confirm</translation>
    </message>
    <message>
        <source>导入花名册…</source>
        <translation>Import roster…</translation>
    </message>
    <message>
        <source>从 Excel（.xlsx）或 CSV 花名册建档或更新档案</source>
        <translation>Create or update files from an Excel (.xlsx) or CSV roster</translation>
    </message>
    <message>
        <source>下载花名册模板…</source>
        <translation>Roster template…</translation>
    </message>
    <message>
        <source>生成带下拉选项的空白花名册</source>
        <translation>Save a blank roster with drop-down choices</translation>
    </message>
    <message>
        <source>导出花名册…</source>
        <translation>Export roster…</translation>
    </message>
    <message>
        <source>把全部档案和家庭成员导出为 Excel 花名册</source>
        <translation>Export every file and household member as an Excel roster</translation>
    </message>
    <message>
        <source>审核通过</source>
        <translation>Approve</translation>
    </message>
    <message>
        <source>选中的下级上报档案审核通过</source>
        <translation>Approve the selected files submitted by a lower union</translation>
    </message>
    <message>
        <source>退回…</source>
        <translation>Return…</translation>
    </message>
    <message>
        <source>把选中的下级上报档案退回（须写明理由）</source>
        <translation>Return the selected files to the lower union (a reason is required)</translation>
    </message>
    <message>
        <source>导出审核结果…</source>
        <translation>Export review results…</translation>
    </message>
    <message>
        <source>把审核结果导出给下级工会</source>
        <translation>Export the review results for the lower union</translation>
    </message>
    <message>
        <source>导入审核结果…</source>
        <translation>Import review results…</translation>
    </message>
    <message>
        <source>导入上级工会发来的审核结果</source>
        <translation>Import the review results sent by the higher union</translation>
    </message>
    <message>
        <source>数据交换(&amp;X)</source>
        <translation>E&amp;xchange</translation>
    </message>
    <message>
        <source>上级审核</source>
        <translation>Review (higher union)</translation>
    </message>
    <message>
        <source>全量</source>
        <translation>full</translation>
    </message>
    <message>
        <source>本库中的 %1 份演示档案不会导出。</source>
        <translation>The %1 demo files in this database are not exported.</translation>
    </message>
    <message>
        <source>增量（%1 以来的变化）</source>
        <translation>incremental (changes since %1)</translation>
    </message>
    <message>
        <source>导出数据包</source>
        <translation>Export package</translation>
    </message>
    <message>
        <source>已导出%1数据包：%2
接收工会：%3；档案 %4 份
校验码 SHA-256：%5</source>
        <translation>Exported a %1 package: %2
Receiving union: %3; %4 file(s)
SHA-256 checksum: %5</translation>
    </message>
    <message>
        <source>演示档案 %1 份未导出。</source>
        <translation>%1 demo files were left out.</translation>
    </message>
    <message>
        <source>已加密给接收工会（只有它能打开）。</source>
        <translation>Encrypted for the receiving union (only it can open it).</translation>
    </message>
    <message>
        <source>已用密码加密。</source>
        <translation>Encrypted with a password.</translation>
    </message>
    <message>
        <source>未加密：请经可靠途径传送。</source>
        <translation>Not encrypted: send it by a trusted route.</translation>
    </message>
    <message>
        <source>正在导出数据包……</source>
        <translation>Exporting the package…</translation>
    </message>
    <message>
        <source>选择数据包</source>
        <translation>Choose a package</translation>
    </message>
    <message>
        <source>正在校验数据包……</source>
        <translation>Checking the package…</translation>
    </message>
    <message>
        <source>数据包密码</source>
        <translation>Package password</translation>
    </message>
    <message>
        <source>此数据包用密码加密，请输入发送方告知的密码：</source>
        <translation>This package is encrypted with a password. Enter the password the sender gave you:</translation>
    </message>
    <message>
        <source>已导入数据包 %1：新增 %2 份，更新 %3 份，未变 %4 份，冲突 %5 份</source>
        <translation>Imported package %1: %2 new, %3 updated, %4 unchanged, %5 in conflict</translation>
    </message>
    <message>
        <source>导入数据包</source>
        <translation>Import package</translation>
    </message>
    <message>
        <source>正在导入数据包……</source>
        <translation>Importing the package…</translation>
    </message>
    <message>
        <source>选择花名册</source>
        <translation>Choose a roster</translation>
    </message>
    <message>
        <source>正在检查花名册……</source>
        <translation>Checking the roster…</translation>
    </message>
    <message>
        <source>已导入花名册 %1：新建 %2 份，更新 %3 份，无变化 %4 份</source>
        <translation>Imported roster %1: %2 new, %3 updated, %4 unchanged</translation>
    </message>
    <message>
        <source>有误的 %1 行未导入。</source>
        <translation>%1 row(s) with errors were not imported.</translation>
    </message>
    <message>
        <source>导入花名册</source>
        <translation>Import roster</translation>
    </message>
    <message>
        <source>正在导出有误的行……</source>
        <translation>Writing the refused rows…</translation>
    </message>
    <message>
        <source>有误的 %1 行已写入 %2，改正后可直接再导入。</source>
        <translation>The %1 refused row(s) were written to %2; correct them and import that file again.</translation>
    </message>
    <message>
        <source>正在导入花名册……</source>
        <translation>Importing the roster…</translation>
    </message>
    <message>
        <source>保存花名册模板</source>
        <translation>Save roster template</translation>
    </message>
    <message>
        <source>正在生成花名册模板……</source>
        <translation>Preparing the roster template…</translation>
    </message>
    <message>
        <source>下载花名册模板</source>
        <translation>Roster template</translation>
    </message>
    <message>
        <source>已生成花名册模板：%1</source>
        <translation>Roster template saved: %1</translation>
    </message>
    <message>
        <source>导出花名册</source>
        <translation>Export roster</translation>
    </message>
    <message>
        <source>正在导出花名册……</source>
        <translation>Exporting the roster…</translation>
    </message>
    <message>
        <source>已导出花名册：%1（档案 %2 份，家庭成员 %3 人）</source>
        <translation>Roster exported: %1 (%2 file(s), %3 household member(s))</translation>
    </message>
    <message>
        <source>请先在列表中选择档案。</source>
        <translation>Select files in the list first.</translation>
    </message>
    <message>
        <source>退回</source>
        <translation>Return</translation>
    </message>
    <message>
        <source>%1：%2 份</source>
        <translation>%1: %2 file(s)</translation>
    </message>
    <message>
        <source>（%1 份原已如此）</source>
        <translation> (%1 already were)</translation>
    </message>
    <message>
        <source>正在保存审核结果……</source>
        <translation>Saving the review decision…</translation>
    </message>
    <message>
        <source>正在导出审核结果……</source>
        <translation>Exporting the review results…</translation>
    </message>
    <message>
        <source>导出审核结果</source>
        <translation>Export review results</translation>
    </message>
    <message>
        <source>已导出审核结果 %1 份：%2</source>
        <translation>Exported %1 review result(s): %2</translation>
    </message>
    <message>
        <source>选择审核结果</source>
        <translation>Choose review results</translation>
    </message>
    <message>
        <source>审核结果：更新 %1 份，未变 %2 份</source>
        <translation>Review results: %1 updated, %2 unchanged</translation>
    </message>
    <message>
        <source>，本库没有的档案 %1 份（%2）</source>
        <translation>; %1 file(s) not in this database (%2)</translation>
    </message>
    <message>
        <source>导入审核结果</source>
        <translation>Import review results</translation>
    </message>
    <message>
        <source>正在导入审核结果……</source>
        <translation>Importing the review results…</translation>
    </message>
</context>
<context>
    <name>ExportPackageDialog</name>
    <message>
        <source>导出数据包</source>
        <translation>Export package</translation>
    </message>
    <message>
        <source>选择已知工会，或输入工会代码（数字）</source>
        <translation>Choose a known union, or type a union code (digits)</translation>
    </message>
    <message>
        <source>接收工会</source>
        <translation>Receiving union</translation>
    </message>
    <message>
        <source>增量：只导出上次报送以来有变化的档案</source>
        <translation>Incremental: only files changed since the last submission</translation>
    </message>
    <message>
        <source>全量：导出全部档案</source>
        <translation>Full: every file</translation>
    </message>
    <message>
        <source>范围</source>
        <translation>Scope</translation>
    </message>
    <message>
        <source>保存数据包</source>
        <translation>Save package</translation>
    </message>
    <message>
        <source>数据包 (*.zip)</source>
        <translation>Package (*.zip)</translation>
    </message>
    <message>
        <source>保存到</source>
        <translation>Save to</translation>
    </message>
    <message>
        <source>数据包含档案、家庭成员、帮扶记录和历史，已加校验码。导出后档案标为“已上报”。</source>
        <translation>The package holds the files, household members, assistance records and history, with checksums. After export the files are marked as submitted.</translation>
    </message>
    <message>
        <source>导出</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>本库中没有代码为 %1 的工会。确定把数据包发给该工会吗？</source>
        <translation>No union with code %1 is known here. Send the package to it anyway?</translation>
    </message>
    <message>
        <source>请选择或填写接收工会代码。</source>
        <translation>Choose or type the receiving union&apos;s code.</translation>
    </message>
    <message>
        <source>请选择保存数据包的位置。</source>
        <translation>Choose where to save the package.</translation>
    </message>
</context>
<context>
    <name>FileDialog</name>
    <message>
        <source>（至多%1项）</source>
        <translation> (at most %1)</translation>
    </message>
    <message>
        <source>6位行政区划代码，如230102</source>
        <translation>6-digit division code, e.g. 230102</translation>
    </message>
    <message>
        <source>（元）</source>
        <translation> (yuan)</translation>
    </message>
    <message>
        <source>新建档案</source>
        <extracomment>the household-member table&apos;s columns: every member field of the registry yes/no fields that are never unknown (a checkbox, the label beside it) money fields whose 0 is shown blank (an unrequired amount nobody entered; a part&apos;s blank is None, its 0 is 0)</extracomment>
        <translation>New file</translation>
    </message>
    <message>
        <source>修改档案 %1</source>
        <translation>Edit file %1</translation>
    </message>
    <message>
        <source>保存 (Ctrl+S)</source>
        <translation>Save (Ctrl+S)</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>18位身份证号</source>
        <translation>18-digit ID number</translation>
    </message>
    <message>
        <source>汉族</source>
        <translation>汉族</translation>
    </message>
    <message>
        <source>如：尿毒症、恶性肿瘤</source>
        <translation>e.g. uraemia, cancer</translation>
    </message>
    <message>
        <source>（未填）</source>
        <translation>(not stated)</translation>
    </message>
    <message>
        <source>%1级</source>
        <translation>grade %1</translation>
    </message>
    <message>
        <source> 人</source>
        <translation> people</translation>
    </message>
    <message>
        <source>以上四项任一属实，按规定不能认定为困难职工。</source>
        <translation>If any of these four is true, the household cannot be recognised as in hardship.</translation>
    </message>
    <message>
        <source>添加成员</source>
        <translation>Add member</translation>
    </message>
    <message>
        <source>删除选中成员</source>
        <translation>Remove selected member</translation>
    </message>
    <message>
        <source>本人以外的家庭成员；填写身份证号时出生日期和性别由号码得出。</source>
        <translation>Household members other than the worker; with an ID number, birth date and sex come from it.</translation>
    </message>
    <message>
        <source>家庭成员</source>
        <translation>Household</translation>
    </message>
    <message>
        <source>家庭成员、住房、参保、低保等情况</source>
        <translation>Members, housing, insurance, dibao…</translation>
    </message>
    <message>
        <source>未填</source>
        <translation>not stated</translation>
    </message>
    <message>
        <source>填写下列分项时，合计自动计算；只知总数时可直接填写</source>
        <translation>The total is worked out from the parts below; if only the total is known, enter it directly</translation>
    </message>
    <message>
        <source>= 下列分项之和 %1 元</source>
        <translation>= sum of the parts below, %1 yuan</translation>
    </message>
    <message>
        <source>技能、证书、工作经历；没有请写“无”</source>
        <translation>Skills, certificates, work history; write 无 (none) if none</translation>
    </message>
    <message>
        <source>希望的工作、时间、地点、培训；不适用请说明原因</source>
        <translation>Wished-for work, hours, place, training; or why not applicable</translation>
    </message>
    <message>
        <source>入户走访时观察到的态度和主要顾虑</source>
        <translation>Attitude and main concerns seen in the home visit</translation>
    </message>
    <message>
        <source>出生日期和性别将由身份证号得出</source>
        <translation>Birth date and sex come from the ID number</translation>
    </message>
    <message>
        <source>已输入%1位，共18位</source>
        <translation>%1 of 18 characters</translation>
    </message>
    <message>
        <source>出生日期 %1，%2</source>
        <translation>born %1, %2</translation>
    </message>
    <message>
        <source>有 %1 处收入数据互相矛盾，请核对；确认无误请再按保存：</source>
        <translation>%1 income figure(s) contradict each other; please check. If they are right, press Save again:</translation>
    </message>
    <message>
        <source>有 %1 处需要修改，未保存：</source>
        <translation>%1 problem(s) to fix; nothing was saved:</translation>
    </message>
    <message>
        <source>放弃修改？</source>
        <translation>Discard changes?</translation>
    </message>
    <message>
        <source>填写的内容尚未保存，确定要关闭吗？</source>
        <translation>What you entered is not saved. Close anyway?</translation>
    </message>
</context>
<context>
    <name>FileTableModel</name>
    <message>
        <source>档案编号</source>
        <extracomment>the file number of the row (for actions on the selected file) the FileRow itself the machine name behind a label (status, category, sex) or the raw number (income in fen) the count text changed (the estimate replaced by the exact count from the background)</extracomment>
        <translation>File no.</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>性别</source>
        <translation>Sex</translation>
    </message>
    <message>
        <source>身份证号</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>工作单位</source>
        <translation>Employer</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>困难类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>人均月收入</source>
        <translation>Per-capita monthly income</translation>
    </message>
    <message>
        <source>责任人</source>
        <translation>Responsible</translation>
    </message>
    <message>
        <source>上报审核</source>
        <translation>Review</translation>
    </message>
    <message>
        <source>身份证号已隐去中间部分；完整号码见档案详情</source>
        <translation>Middle digits hidden; the full number is in the file&apos;s details</translation>
    </message>
</context>
<context>
    <name>FirstStartDialog</name>
    <message>
        <source>首次使用：设定本工会</source>
        <translation>First start: this union</translation>
    </message>
    <message>
        <source>本工会</source>
        <translation>This union</translation>
    </message>
    <message>
        <source>如：230102001</source>
        <translation>e.g. 230102001</translation>
    </message>
    <message>
        <source>如：哈尔滨锅炉厂工会</source>
        <translation>e.g. Harbin Boiler Works union</translation>
    </message>
    <message>
        <source>工会代码 *</source>
        <translation>Union code *</translation>
    </message>
    <message>
        <source>工会名称 *</source>
        <translation>Union name *</translation>
    </message>
    <message>
        <source>工会级别 *</source>
        <translation>Union level *</translation>
    </message>
    <message>
        <source>欢迎使用绿卡帮扶档案。请先填写保管本数据库的工会，以及当地的低保标准和最低工资。工会名称、上级工会代码和联系方式以后可以在“设置 → 本工会”中修改，标准可在“设置 → 低保标准”中修改。</source>
        <translation>Welcome to Green Card Files. First enter the union that keeps this database and the local dibao standard and minimum wage. The union&apos;s name, parent code and contact details can be changed later under &quot;Settings → This union&quot;, the standard under &quot;Settings → Dibao standard&quot;.</translation>
    </message>
    <message>
        <source>上报的接收方（省总工会不填）</source>
        <translation>Receives your exports (blank for a province union)</translation>
    </message>
    <message>
        <source>上级工会代码 *</source>
        <translation>Parent union code *</translation>
    </message>
    <message>
        <source>当地标准</source>
        <translation>Local standard</translation>
    </message>
    <message>
        <source>低保标准（元/月/人）</source>
        <translation>Dibao standard (yuan per person per month)</translation>
    </message>
    <message>
        <source>最低工资标准（元/月）</source>
        <translation>Minimum wage (yuan per month)</translation>
    </message>
    <message>
        <source>生效日期</source>
        <translation>In force from</translation>
    </message>
    <message>
        <source>生成演示数据（500户，用于熟悉操作）</source>
        <translation>Create demo data (500 households, for practice)</translation>
    </message>
    <message>
        <source>演示档案不会上报，可随时在“设置 → 删除演示数据”中一次删除。</source>
        <translation>Demo files are never exported and can be removed at any time in one step under &quot;Settings → Remove demo data&quot;.</translation>
    </message>
    <message>
        <source>开始使用</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
</context>
<context>
    <name>HandoverDialog</name>
    <message>
        <source>责任人工作移交</source>
        <translation>Handover between cadres</translation>
    </message>
    <message>
        <source>把交出人负责的全部在档户一次移交给接收人；历史记录保留。</source>
        <translation>Hands every registered household of the giver to the receiver in one step; the history is kept.</translation>
    </message>
    <message>
        <source>交出人 *</source>
        <translation>From *</translation>
    </message>
    <message>
        <source>接收人 *</source>
        <translation>To *</translation>
    </message>
    <message>
        <source>移交日期 *</source>
        <translation>Date *</translation>
    </message>
    <message>
        <source>同时登记交出人已离开</source>
        <translation>Also mark the giver as having left</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>如：调离本单位</source>
        <translation>e.g. transferred to another unit</translation>
    </message>
    <message>
        <source>已将 %1 份档案移交给 %2。</source>
        <translation>%1 file(s) handed over to %2.</translation>
    </message>
</context>
<context>
    <name>ImportPreviewDialog</name>
    <message>
        <source>导入数据包 — 预览</source>
        <translation>Import package — preview</translation>
    </message>
    <message>
        <source>数据包 %1，来自 %2</source>
        <translation>Package %1, from %2</translation>
    </message>
    <message>
        <source>新增 %1 份，更新 %2 份，未变 %3 份，冲突 %4 份</source>
        <translation>%1 new, %2 updated, %3 unchanged, %4 in conflict</translation>
    </message>
    <message>
        <source>此数据包以前已导入过；再次导入只会写入本库还没有的变化。</source>
        <translation>This package was imported before; importing it again writes only changes this database does not have yet.</translation>
    </message>
    <message>
        <source>新增</source>
        <translation>New</translation>
    </message>
    <message>
        <source>更新</source>
        <translation>Update</translation>
    </message>
    <message>
        <source>档案编号</source>
        <translation>File no.</translation>
    </message>
    <message>
        <source>处理</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>建档工会</source>
        <translation>Filing union</translation>
    </message>
    <message>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>新增和更新（%1）</source>
        <translation>New and updated (%1)</translation>
    </message>
    <message>
        <source>冲突（%1）</source>
        <translation>Conflicts (%1)</translation>
    </message>
    <message>
        <source>确认后全部写入（一次完成，出错则全部不写）；冲突的档案按所列原因处理，不会覆盖本库较新的版本。</source>
        <translation>On confirming, everything is written in one go (on an error nothing is written); conflicting files are handled as listed and never overwrite a newer version in this database.</translation>
    </message>
    <message>
        <source>确认导入</source>
        <translation>Import</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>LetterChoiceDialog</name>
    <message>
        <source>打印责任书</source>
        <translation>Print responsibility letter</translation>
    </message>
    <message>
        <source>选择要打印的包保责任书：</source>
        <translation>Choose the responsibility letter to print:</translation>
    </message>
    <message>
        <source>责任书编号</source>
        <translation>Letter no.</translation>
    </message>
    <message>
        <source>上级（甲方）</source>
        <translation>Upper party</translation>
    </message>
    <message>
        <source>下级（乙方）</source>
        <translation>Lower party</translation>
    </message>
    <message>
        <source>户数</source>
        <translation>Households</translation>
    </message>
    <message>
        <source>期限</source>
        <translation>Period</translation>
    </message>
    <message>
        <source>签署</source>
        <translation>Signed</translation>
    </message>
    <message>
        <source>双方已签</source>
        <translation>Both sides</translation>
    </message>
    <message>
        <source>未签全</source>
        <translation>Not yet</translation>
    </message>
    <message>
        <source>预览并打印…</source>
        <translation>Preview and print…</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>LettersDialog</name>
    <message>
        <source>包保责任书</source>
        <translation>Responsibility letters</translation>
    </message>
    <message>
        <source>编号</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>甲方</source>
        <translation>Upper party</translation>
    </message>
    <message>
        <source>乙方</source>
        <translation>Lower party</translation>
    </message>
    <message>
        <source>户数</source>
        <translation>Households</translation>
    </message>
    <message>
        <source>期限</source>
        <translation>Period</translation>
    </message>
    <message>
        <source>甲方签字</source>
        <translation>Upper signature</translation>
    </message>
    <message>
        <source>乙方签字</source>
        <translation>Lower signature</translation>
    </message>
    <message>
        <source>新建…</source>
        <translation>New…</translation>
    </message>
    <message>
        <source>签字…</source>
        <translation>Sign…</translation>
    </message>
    <message>
        <source>未签</source>
        <translation>not signed</translation>
    </message>
    <message>
        <source>还没有责任书。点“新建…”起草一份。</source>
        <translation>No letters yet. Press New… to draw one up.</translation>
    </message>
    <message>
        <source>等 %1 户</source>
        <translation> and more: %1 households</translation>
    </message>
    <message>
        <source>目标：%1
措施：%2
包保档案：%3</source>
        <translation>Goals: %1
Measures: %2
Files: %3</translation>
    </message>
    <message>
        <source>（无）</source>
        <translation>(none)</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>登录</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <source>绿卡帮扶档案</source>
        <translation>Green-card hardship files</translation>
    </message>
    <message>
        <source>用户名</source>
        <translation>User name</translation>
    </message>
    <message>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>绿卡帮扶档案</source>
        <extracomment>the actions of the file table&apos;s context menu (keys of ACTIONS)</extracomment>
        <translation>Green-card hardship files</translation>
    </message>
    <message>
        <source>新建档案</source>
        <translation>New file</translation>
    </message>
    <message>
        <source>为新发现的困难职工建立档案</source>
        <translation>Open a file for a newly found worker in hardship</translation>
    </message>
    <message>
        <source>修改档案</source>
        <translation>Edit file</translation>
    </message>
    <message>
        <source>修改选中的档案</source>
        <translation>Edit the selected file</translation>
    </message>
    <message>
        <source>查找</source>
        <translation>Find</translation>
    </message>
    <message>
        <source>按姓名、拼音首字母、身份证号、档案编号或单位查找</source>
        <translation>Find by name, pinyin initials, ID number, file number or employer</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>低保标准…</source>
        <translation>Standards…</translation>
    </message>
    <message>
        <source>设定新的低保标准和最低工资，并重新评定全部档案</source>
        <translation>Set a new dibao standard and minimum wage, then re-evaluate every file</translation>
    </message>
    <message>
        <source>重新评定全部档案</source>
        <translation>Re-evaluate all files</translation>
    </message>
    <message>
        <source>按现行标准重新评定全部档案</source>
        <translation>Re-evaluate every file against the standard in force</translation>
    </message>
    <message>
        <source>生成演示数据…</source>
        <translation>Demo data…</translation>
    </message>
    <message>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>关于</source>
        <translation>About</translation>
    </message>
    <message>
        <source>档案(&amp;F)</source>
        <extracomment>the QAction property naming the permission an action needs (kept for views and tests that look at it)</extracomment>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>评定(&amp;R)</source>
        <translation>&amp;Evaluate</translation>
    </message>
    <message>
        <source>设置(&amp;S)</source>
        <translation>&amp;Settings</translation>
    </message>
    <message>
        <source>界面语言</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>帮助(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>本工会…</source>
        <translation>This union…</translation>
    </message>
    <message>
        <source>规则设置与节假日…</source>
        <translation>Rules and holidays…</translation>
    </message>
    <message>
        <source>观察期、公示期、边界、类别体系等规则设置（带生效日期）和节假日安排</source>
        <translation>Rules such as the watch period, notice period, boundaries and category scheme (with dates in force), and the holiday calendar</translation>
    </message>
    <message>
        <source>删除演示数据…</source>
        <translation>Remove demo data…</translation>
    </message>
    <message>
        <source>常用</source>
        <translation>Main</translation>
    </message>
    <message>
        <source>查找：姓名、拼音首字母（如 zjg）、身份证号或末几位、档案编号、工作单位</source>
        <translation>Find: name, initials (zjg), ID or its end, file no., employer</translation>
    </message>
    <message>
        <source>全部状态</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <source>全部类别</source>
        <translation>All categories</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>没有找到符合条件的档案</source>
        <translation>No file matches the search</translation>
    </message>
    <message>
        <source>档案</source>
        <translation>Files</translation>
    </message>
    <message>
        <source>统计图表</source>
        <translation>Dashboard</translation>
    </message>
    <message>
        <source>到期日</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>事项</source>
        <translation>Event</translation>
    </message>
    <message>
        <source>档案编号</source>
        <translation>File no.</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>责任人</source>
        <translation>Responsible</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>待办</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>今天：%1</source>
        <translation>Today: %1</translation>
    </message>
    <message>
        <source>找到 %1 份 ｜ 数据库共 %2 份档案</source>
        <translation>%1 found | %2 files in the database</translation>
    </message>
    <message>
        <source>待办（%1）</source>
        <translation>Due (%1)</translation>
    </message>
    <message>
        <source>已设定 %1 起的新标准，正在重新评定全部档案……</source>
        <translation>Standard from %1 saved; re-evaluating every file…</translation>
    </message>
    <message>
        <source>正在按现行标准重新评定全部档案……</source>
        <translation>Re-evaluating every file against the standard in force…</translation>
    </message>
    <message>
        <source>重新评定完成</source>
        <translation>Re-evaluation finished</translation>
    </message>
    <message>
        <source>生成演示数据</source>
        <translation>Demo data</translation>
    </message>
    <message>
        <source>生成多少户演示档案？</source>
        <translation>How many demo households?</translation>
    </message>
    <message>
        <source>删除演示数据</source>
        <translation>Remove demo data</translation>
    </message>
    <message>
        <source>删除全部演示档案及其家庭成员、走访、帮扶和历史记录？正式档案不受影响。</source>
        <translation>Remove every demo file with its members, visits, assistance and history? Real files are not touched.</translation>
    </message>
    <message>
        <source>正在删除演示数据……</source>
        <translation>Removing the demo data…</translation>
    </message>
    <message>
        <source>已删除演示档案 %1 份</source>
        <translation>%1 demo files removed</translation>
    </message>
    <message>
        <source>正在生成 %1 户演示档案……</source>
        <translation>Building %1 demo households…</translation>
    </message>
    <message>
        <source>已生成演示档案 %1 份</source>
        <translation>%1 demo files built</translation>
    </message>
    <message>
        <source>已取消生成演示数据。已写入的演示档案尚未全部评定，下次启动时自动完成；可用“删除演示数据”一次删除。</source>
        <translation>Demo data cancelled. The demo files already written are not all evaluated yet; the next start completes that. &quot;Remove demo data&quot; removes them in one step.</translation>
    </message>
    <message>
        <source>已取消生成演示数据，没有写入任何档案。</source>
        <translation>Demo data cancelled; no file was written.</translation>
    </message>
    <message>
        <source>评定档案</source>
        <extracomment>the re-evaluation&apos;s counts of files, in words (the transitions are event kinds, labelled by the enum)</extracomment>
        <translation>Files evaluated</translation>
    </message>
    <message>
        <source>有变化</source>
        <translation>Changed</translation>
    </message>
    <message>
        <source>无变化</source>
        <translation>Unchanged</translation>
    </message>
    <message>
        <source>评定时被他人修改、已重新评定</source>
        <translation>Changed by someone else meanwhile, decided again</translation>
    </message>
    <message>
        <source>其他变化（类别、人均收入或待办日期）</source>
        <translation>Other changes (category, per-capita income or due dates)</translation>
    </message>
    <message>
        <source>没有档案的类别或状态发生变化。</source>
        <translation>No file changed category or status.</translation>
    </message>
    <message>
        <source>界面语言已更改，重新启动程序后生效。</source>
        <translation>The language changes when the program is restarted.</translation>
    </message>
    <message>
        <source>绿卡帮扶档案 %1
困难职工帮扶档案管理（基层工会及各级工会使用）。
数据库：%2</source>
        <translation>Green-card hardship files %1
Hardship files of trade unions at every level.
Database: %2</translation>
    </message>
    <message>
        <source>正在检查历史记录……</source>
        <translation>Checking the history…</translation>
    </message>
    <message>
        <source>历史记录的校验链断了：%1。可能有人在程序以外改动或删除了历史记录；请运行“verify”核查，并从备份中找回数据库。</source>
        <translation>The history&apos;s check chain is broken: %1. Someone may have changed or deleted history outside the program; run &quot;verify&quot; to check, and recover the database from a backup.</translation>
    </message>
    <message>
        <source>⚠ 历史记录校验未通过（第 %1 条）</source>
        <translation>⚠ History check failed (entry %1)</translation>
    </message>
    <message>
        <source>历史记录校验未通过</source>
        <translation>History check failed</translation>
    </message>
</context>
<context>
    <name>MoneyEdit</name>
    <message>
        <source>元</source>
        <translation>yuan</translation>
    </message>
</context>
<context>
    <name>NewLetterDialog</name>
    <message>
        <source>新建包保责任书</source>
        <translation>New responsibility letter</translation>
    </message>
    <message>
        <source>甲方（上级）：%1。责任书逐级签订：与下一级工会，或与本工会的帮扶责任人。</source>
        <translation>Upper party: %1. Letters go one level down: with a union of the next level, or with one of this union&apos;s cadres.</translation>
    </message>
    <message>
        <source>下级工会</source>
        <translation>Lower union</translation>
    </message>
    <message>
        <source>责任人</source>
        <translation>Cadre</translation>
    </message>
    <message>
        <source>乙方类型</source>
        <translation>Lower party is</translation>
    </message>
    <message>
        <source>乙方责任人（本工会）</source>
        <translation>Cadre (this union)</translation>
    </message>
    <message>
        <source>乙方工会</source>
        <translation>Lower union</translation>
    </message>
    <message>
        <source>目标 *</source>
        <translation>Goals *</translation>
    </message>
    <message>
        <source>如：在档户每半年走访一次，年内脱困2户</source>
        <translation>e.g. visit every household twice a year; 2 households out of hardship this year</translation>
    </message>
    <message>
        <source>措施 *</source>
        <translation>Measures *</translation>
    </message>
    <message>
        <source>如：逐户建立帮扶台账，落实再就业援助</source>
        <translation>e.g. a help ledger per household; re-employment support</translation>
    </message>
    <message>
        <source>期限起 *</source>
        <translation>Period from *</translation>
    </message>
    <message>
        <source>期限止 *</source>
        <translation>Period to *</translation>
    </message>
    <message>
        <source>包保档案：默认为乙方负责的全部在档户（下级工会：其所属各单位的在档户）。</source>
        <translation>Files in scope: by default every registered household of the lower party (for a lower union: of all its units).</translation>
    </message>
    <message>
        <source>（请选择）</source>
        <translation>(choose)</translation>
    </message>
    <message>
        <source>没有下一级工会：责任书只能与下一级工会或本工会的责任人签订。</source>
        <translation>No union one level below: a letter is signed with a union one level down or with one of this union&apos;s cadres.</translation>
    </message>
    <message>
        <source>放弃填写</source>
        <translation>Discard</translation>
    </message>
    <message>
        <source>已填写的目标和措施尚未保存，确定放弃吗？</source>
        <translation>The goals and measures typed are not saved. Discard them?</translation>
    </message>
</context>
<context>
    <name>OptionalDateEdit</name>
    <message>
        <source>（未填）</source>
        <translation>(not stated)</translation>
    </message>
</context>
<context>
    <name>OverrideDialog</name>
    <message>
        <source>人工改定</source>
        <translation>Override</translation>
    </message>
    <message>
        <source>改定状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>（不改）</source>
        <translation>(unchanged)</translation>
    </message>
    <message>
        <source>改定类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>有效至</source>
        <translation>Holds until</translation>
    </message>
    <message>
        <source>不填则到下次年度复核（回头看）为止</source>
        <translation>Blank: until the next yearly review</translation>
    </message>
    <message>
        <source>理由 *</source>
        <translation>Reason *</translation>
    </message>
    <message>
        <source>人工改定必须写明理由</source>
        <translation>An override needs a written reason</translation>
    </message>
    <message>
        <source>当前：%1。改定期间程序不自动调整该档案的状态和类别。</source>
        <translation>Now: %1. While the override holds, the program does not change the file&apos;s status or category.</translation>
    </message>
    <message>
        <source>改定</source>
        <translation>Override</translation>
    </message>
</context>
<context>
    <name>OwnCopy</name>
    <message>
        <source>本人档案副本…</source>
        <translation>Worker&apos;s own copy…</translation>
    </message>
    <message>
        <source>打印或导出当前档案的完整副本交给本人（个人信息保护法），记入历史记录</source>
        <translation>Print or export a full copy of the current file for the worker (Personal Information Protection Law); recorded in the history</translation>
    </message>
    <message>
        <source>本人档案副本</source>
        <translation>Worker&apos;s own copy</translation>
    </message>
    <message>
        <source>请先在列表中选择一份档案。</source>
        <translation>Choose a file in the list first.</translation>
    </message>
    <message>
        <source>PDF 文件 (*.pdf);;JSON 文件 (*.json)</source>
        <translation>PDF files (*.pdf);;JSON files (*.json)</translation>
    </message>
    <message>
        <source>正在生成本人档案副本……</source>
        <translation>Making the worker&apos;s own copy…</translation>
    </message>
    <message>
        <source>已生成 %1 的本人档案副本：%2（已记入历史记录）</source>
        <translation>Own copy for %1 written: %2 (recorded in the history)</translation>
    </message>
</context>
<context>
    <name>PathField</name>
    <message>
        <source>浏览…</source>
        <translation>Browse…</translation>
    </message>
</context>
<context>
    <name>PrintActions</name>
    <message>
        <source>打印绿卡…</source>
        <translation>Green cards…</translation>
    </message>
    <message>
        <source>打印选中档案的帮扶绿卡，或全部在档帮扶对象的绿卡</source>
        <translation>Print the green cards of the selected files, or of every registered household</translation>
    </message>
    <message>
        <source>打印档案表…</source>
        <translation>File sheet…</translation>
    </message>
    <message>
        <source>打印当前档案的档案表</source>
        <translation>Print the sheet of the current file</translation>
    </message>
    <message>
        <source>批量打印…</source>
        <translation>Batch printing…</translation>
    </message>
    <message>
        <source>选中档案或列表中全部档案的绿卡、档案表：打印（可取消）或存为 PDF</source>
        <translation>Green cards or file sheets of the selected files or of every file in the list: print (cancellable) or save as PDF</translation>
    </message>
    <message>
        <source>打印责任书…</source>
        <translation>Responsibility letter…</translation>
    </message>
    <message>
        <source>选择一份包保责任书打印</source>
        <translation>Choose a responsibility letter to print</translation>
    </message>
    <message>
        <source>打印(&amp;P)</source>
        <translation>&amp;Print</translation>
    </message>
    <message>
        <source>%1 份档案的绿卡</source>
        <translation>Green cards of %1 file(s)</translation>
    </message>
    <message>
        <source>全部在档帮扶对象的绿卡</source>
        <translation>Green cards of every registered household</translation>
    </message>
    <message>
        <source>打印预览 — %1</source>
        <translation>Print preview — %1</translation>
    </message>
    <message>
        <source>正在生成%1……</source>
        <translation>Preparing %1…</translation>
    </message>
    <message>
        <source>打印档案表</source>
        <translation>Print file sheet</translation>
    </message>
    <message>
        <source>请先在列表中选择一份档案。</source>
        <translation>Select a file in the list first.</translation>
    </message>
    <message>
        <source>打印预览 — 档案表 %1</source>
        <translation>Print preview — file sheet %1</translation>
    </message>
    <message>
        <source>正在生成档案表……</source>
        <translation>Preparing the file sheet…</translation>
    </message>
    <message>
        <source>绿卡</source>
        <translation>green cards</translation>
    </message>
    <message>
        <source>档案表</source>
        <translation>file sheets</translation>
    </message>
    <message>
        <source>打印已取消</source>
        <translation>Printing cancelled</translation>
    </message>
    <message>
        <source>打印完成</source>
        <translation>Printing finished</translation>
    </message>
    <message>
        <source>另存为PDF</source>
        <translation>Save as PDF</translation>
    </message>
    <message>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <source>无法保存</source>
        <translation>Could not save</translation>
    </message>
    <message>
        <source>文件没有保存：%1</source>
        <translation>The file was not saved: %1</translation>
    </message>
    <message>
        <source>打印责任书</source>
        <translation>Print responsibility letter</translation>
    </message>
    <message>
        <source>还没有包保责任书。请先在“包保”中起草责任书。</source>
        <translation>There are no responsibility letters yet. Draw one up under Pairing first.</translation>
    </message>
    <message>
        <source>打印预览 — 责任书 %1</source>
        <translation>Print preview — letter %1</translation>
    </message>
    <message>
        <source>正在生成责任书……</source>
        <translation>Preparing the letter…</translation>
    </message>
</context>
<context>
    <name>ProcedureStepDialog</name>
    <message>
        <source>程序步骤…</source>
        <translation>Procedure steps…</translation>
    </message>
    <message>
        <source>记录当前档案的入档或退档程序步骤：申请、入户调查、核对授权、核对、公示、审批</source>
        <translation>Record a step of the current file&apos;s intake or exit procedure: application, home visit, consent, check, notice, approval</translation>
    </message>
    <message>
        <source>程序步骤</source>
        <extracomment>the fields each step uses (the others are greyed)</extracomment>
        <translation>Procedure steps</translation>
    </message>
    <message>
        <source>步骤 *</source>
        <translation>Step *</translation>
    </message>
    <message>
        <source>办理日期 *</source>
        <translation>Date *</translation>
    </message>
    <message>
        <source>申请方式</source>
        <translation>How applied</translation>
    </message>
    <message>
        <source>本人申请</source>
        <translation>Applied in person</translation>
    </message>
    <message>
        <source>推荐或提议</source>
        <translation>Proposed or recommended</translation>
    </message>
    <message>
        <source>审核人</source>
        <translation>Reviewer</translation>
    </message>
    <message>
        <source>经办人</source>
        <translation>Handled by</translation>
    </message>
    <message>
        <source>入户调查须写明调查人</source>
        <translation>A home visit needs the name of who visited</translation>
    </message>
    <message>
        <source>核对授权</source>
        <translation>Consent to the check</translation>
    </message>
    <message>
        <source>已签署家庭经济状况核对授权</source>
        <translation>Consent to the household finances check signed</translation>
    </message>
    <message>
        <source>授权书附件</source>
        <translation>Consent attachment</translation>
    </message>
    <message>
        <source>扫描件的路径（可不填，勾选已签署即可）</source>
        <translation>Path of the scan (optional: ticking signed is enough)</translation>
    </message>
    <message>
        <source>结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>通过</source>
        <translation>Passed</translation>
    </message>
    <message>
        <source>未通过</source>
        <translation>Failed</translation>
    </message>
    <message>
        <source>审批层级</source>
        <translation>Approval level</translation>
    </message>
    <message>
        <source>本级工会</source>
        <translation>This union</translation>
    </message>
    <message>
        <source>上级工会</source>
        <translation>Parent union</translation>
    </message>
    <message>
        <source>异议</source>
        <translation>Objections</translation>
    </message>
    <message>
        <source>公示期间收到的异议（无则不填）</source>
        <translation>Objections received during the notice (leave blank if none)</translation>
    </message>
    <message>
        <source>答复</source>
        <translation>Answer</translation>
    </message>
    <message>
        <source>对异议的答复</source>
        <translation>The answer to the objections</translation>
    </message>
    <message>
        <source>异议成立</source>
        <translation>Objection upheld</translation>
    </message>
    <message>
        <source>异议成立，终止入档</source>
        <translation>Objection upheld: the intake stops</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>规则认定：%1</source>
        <translation>The rules decide: %1</translation>
    </message>
    <message>
        <source>入档程序：%1</source>
        <translation>Intake procedure: %1</translation>
    </message>
    <message>
        <source>退档程序：%1</source>
        <translation>Exit procedure: %1</translation>
    </message>
    <message>
        <source>本会未启用任何程序步骤（设置 step_* / exit_step_*），档案按规则自动登记和退档</source>
        <translation>This union has no procedure steps switched on (settings step_* / exit_step_*): files are registered and closed by the rules automatically</translation>
    </message>
    <message>
        <source>记录</source>
        <translation>Record</translation>
    </message>
</context>
<context>
    <name>ReportsDialog</name>
    <message>
        <source>报表…</source>
        <translation>Reports…</translation>
    </message>
    <message>
        <source>花名册、统计表、变动情况、帮扶资金物资、再就业、工作台账和公示名单：预览、图表、存为 PDF 或 Excel</source>
        <translation>Roll, statistics, movements, assistance, re-employment, duty ledger and public-notice lists: preview, chart, save as PDF or Excel</translation>
    </message>
    <message>
        <source>报表</source>
        <translation>Reports</translation>
    </message>
    <message>
        <source>建档公示</source>
        <translation>Registrations</translation>
    </message>
    <message>
        <source>退出公示</source>
        <translation>Exits</translation>
    </message>
    <message>
        <source>在档帮扶对象</source>
        <translation>Active files</translation>
    </message>
    <message>
        <source>全部类别</source>
        <translation>All categories</translation>
    </message>
    <message>
        <source>按统计期间（期间内曾在档的档案，状态、类别为期末的）</source>
        <translation>Over the period (files active at any time in it, status and category at its end)</translation>
    </message>
    <message>
        <source>不勾选：今天的在档对象。勾选：起始至截止日期内任一天在档的档案，含期间内退档的。</source>
        <translation>Unticked: today&apos;s active files. Ticked: the files active on any day from the start to the end date, including those closed in the period.</translation>
    </message>
    <message>
        <source>公示名单</source>
        <translation>Notice list</translation>
    </message>
    <message>
        <source>起始日期</source>
        <translation>From</translation>
    </message>
    <message>
        <source>截止日期</source>
        <translation>To</translation>
    </message>
    <message>
        <source>档案状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>困难类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>统计项目</source>
        <translation>Count by</translation>
    </message>
    <message>
        <source>预览</source>
        <translation>Preview</translation>
    </message>
    <message>
        <source>另存为PDF…</source>
        <translation>Save as PDF…</translation>
    </message>
    <message>
        <source>另存为Excel…</source>
        <translation>Save as Excel…</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>（此报表为名单，无图表）</source>
        <translation>(a list: no chart)</translation>
    </message>
    <message>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <source>Excel 文件 (*.xlsx)</source>
        <translation>Excel files (*.xlsx)</translation>
    </message>
    <message>
        <source>保存报表</source>
        <translation>Save report</translation>
    </message>
</context>
<context>
    <name>ResetPasswordDialog</name>
    <message>
        <source>重设密码 — %1</source>
        <translation>Reset password — %1</translation>
    </message>
    <message>
        <source>新密码 *</source>
        <translation>New password *</translation>
    </message>
</context>
<context>
    <name>RetentionDialog</name>
    <message>
        <source>保存期满档案…</source>
        <translation>Files past retention…</translation>
    </message>
    <message>
        <source>保存期满的退档档案：经审核人删除，保留存根</source>
        <translation>Closed files past their retention period: deleted by a reviewer, a stub kept</translation>
    </message>
    <message>
        <source>保存期满档案</source>
        <translation>Files past retention</translation>
    </message>
    <message>
        <source>档案编号</source>
        <translation>File no.</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>退档日期</source>
        <translation>Closed on</translation>
    </message>
    <message>
        <source>退档原因</source>
        <translation>Close reason</translation>
    </message>
    <message>
        <source>保存至</source>
        <translation>Kept until</translation>
    </message>
    <message>
        <source>删除日期</source>
        <translation>Deleted on</translation>
    </message>
    <message>
        <source>审核人</source>
        <translation>Approved by</translation>
    </message>
    <message>
        <source>理由</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>待审核删除</source>
        <translation>To be reviewed for deletion</translation>
    </message>
    <message>
        <source>已删除（存根）</source>
        <translation>Deleted (stubs)</translation>
    </message>
    <message>
        <source>删除…</source>
        <translation>Delete…</translation>
    </message>
    <message>
        <source>只有审核人或管理员可以删除</source>
        <translation>Only a reviewer or administrator may delete</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>截至 %1，保存期满、待审核删除的退档档案 %2 份。</source>
        <translation>On %1, %2 closed file(s) past their retention period await review for deletion.</translation>
    </message>
    <message>
        <source>（退档后保存 %1 年）</source>
        <translation>(kept %1 years after closing)</translation>
    </message>
    <message>
        <source>删除后档案的全部记录一并删除，只保留存根（档案编号、日期、理由）和审计记录。</source>
        <translation>Deleting removes every record of the file; only a stub (file number, dates, reason) and the audit entries stay.</translation>
    </message>
    <message>
        <source>删除保存期满档案</source>
        <translation>Delete a file past retention</translation>
    </message>
    <message>
        <source>删除档案 %1 %2（%3 退档，保存至 %4）？
档案的全部记录将一并删除，只保留存根。
请写明删除理由：</source>
        <translation>Delete file %1 %2 (closed %3, kept until %4)?
Every record of the file is deleted; only a stub stays.
The reason for deleting:</translation>
    </message>
</context>
<context>
    <name>ReturnReasonDialog</name>
    <message>
        <source>退回档案</source>
        <translation>Return files</translation>
    </message>
    <message>
        <source> 等</source>
        <translation> and more</translation>
    </message>
    <message>
        <source>退回 %1 份档案：%2</source>
        <translation>Return %1 file(s): %2</translation>
    </message>
    <message>
        <source>退回理由（必填，下级工会将看到）：</source>
        <translation>Reason for returning (required; the lower union will see it):</translation>
    </message>
    <message>
        <source>退回</source>
        <translation>Return</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>ReviewExportDialog</name>
    <message>
        <source>导出审核结果</source>
        <translation>Export review results</translation>
    </message>
    <message>
        <source>下级工会</source>
        <translation>Lower union</translation>
    </message>
    <message>
        <source>保存审核结果</source>
        <translation>Save review results</translation>
    </message>
    <message>
        <source>数据包 (*.zip)</source>
        <translation>Package (*.zip)</translation>
    </message>
    <message>
        <source>保存到</source>
        <translation>Save to</translation>
    </message>
    <message>
        <source>导出</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>RosterPreviewDialog</name>
    <message>
        <source>导入花名册 — 检查结果</source>
        <translation>Import roster — check</translation>
    </message>
    <message>
        <source>%1：共 %2 行，有效 %3 行（新建 %4，更新 %5），有误 %6 行</source>
        <translation>%1: %2 row(s), %3 valid (%4 new, %5 updates), %6 with errors</translation>
    </message>
    <message>
        <source>行号</source>
        <translation>Row</translation>
    </message>
    <message>
        <source>列</source>
        <translation>Column</translation>
    </message>
    <message>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>把有误的行导出为 Excel…</source>
        <translation>Export the refused rows to Excel…</translation>
    </message>
    <message>
        <source>以下各行有误，不会导入；改正后可再次导入：</source>
        <translation>These rows have errors and will not be imported; correct them and import again:</translation>
    </message>
    <message>
        <source>全部行都通过了检查。</source>
        <translation>Every row passed the check.</translation>
    </message>
    <message>
        <source>重复或已有档案（已报告，不会重复建档）：</source>
        <translation>Duplicates or files already on record (reported, not entered twice):</translation>
    </message>
    <message>
        <source>只导入有效行</source>
        <translation>Import the valid rows only</translation>
    </message>
    <message>
        <source>导入</source>
        <translation>Import</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>未识别的取值</source>
        <translation>Unknown value</translation>
    </message>
    <message>
        <source>行数</source>
        <translation>Rows</translation>
    </message>
    <message>
        <source>映射为</source>
        <translation>Map to</translation>
    </message>
    <message>
        <source>第 %1 行</source>
        <translation>row %1</translation>
    </message>
    <message>
        <source>（不映射，照原文保留）</source>
        <translation>(not mapped: kept as written)</translation>
    </message>
    <message>
        <source>保存映射并重新检查</source>
        <translation>Save the mappings and check again</translation>
    </message>
    <message>
        <source>以下取值本程序不认识：这些行照常导入，原文保留；可选择对应的值，映射会保存，下次导入自动使用：</source>
        <translation>The program does not know these values: their rows are imported as usual with the words kept as written; choose what each means and the mapping is saved for the next import:</translation>
    </message>
    <message>
        <source>已识别的列：%1</source>
        <translation>Columns recognised: %1</translation>
    </message>
    <message>
        <source>未识别的列：%1</source>
        <translation>Columns not recognised: %1</translation>
    </message>
    <message>
        <source>把未识别的列作为备注保留（“花名册其他列：列名：值”）</source>
        <translation>Keep the unrecognised columns as a note (&quot;other roster columns: column: value&quot;)</translation>
    </message>
    <message>
        <source>保存有误的行</source>
        <translation>Save the refused rows</translation>
    </message>
    <message>
        <source>Excel 文件 (*.xlsx)</source>
        <translation>Excel files (*.xlsx)</translation>
    </message>
</context>
<context>
    <name>ServiceForm</name>
    <message>
        <source>保存</source>
        <extracomment>what the application signal carries after a save, when the service&apos;s result does not say it itself</extracomment>
        <translation>Save</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>规则设置与节假日</source>
        <extracomment>the values saved in this dialog; those in force by today need a re-evaluation (`needs_reevaluation`)</extracomment>
        <translation>Rules and holidays</translation>
    </message>
    <message>
        <source>规则设置</source>
        <translation>Rules</translation>
    </message>
    <message>
        <source>节假日</source>
        <translation>Holidays</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>设置项</source>
        <translation>Setting</translation>
    </message>
    <message>
        <source>键</source>
        <translation>Key</translation>
    </message>
    <message>
        <source>现行值</source>
        <translation>Current value</translation>
    </message>
    <message>
        <source>生效自</source>
        <translation>In force since</translation>
    </message>
    <message>
        <source>已登记的变更</source>
        <translation>Recorded changes</translation>
    </message>
    <message>
        <source>修改所选设置</source>
        <translation>Change the selected setting</translation>
    </message>
    <message>
        <source>依据，如上级文件号（可不填）</source>
        <translation>Basis, e.g. the higher body&apos;s document number (optional)</translation>
    </message>
    <message>
        <source>新值</source>
        <translation>New value</translation>
    </message>
    <message>
        <source>生效日期</source>
        <translation>In force from</translation>
    </message>
    <message>
        <source>依据</source>
        <translation>Basis</translation>
    </message>
    <message>
        <source>预览影响</source>
        <translation>Preview effect</translation>
    </message>
    <message>
        <source>保存…</source>
        <translation>Save…</translation>
    </message>
    <message>
        <source>每项设置都带生效日期：新值自生效日起适用，此前的评定仍按原值。保存前先预览会有多少档案变动。</source>
        <translation>Every setting has a date in force: a new value applies from that date, and earlier evaluations keep the old value. Before saving, preview how many files would change.</translation>
    </message>
    <message>
        <source>%1 起 %2</source>
        <translation>%2 from %1</translation>
    </message>
    <message>
        <source>（已生效）</source>
        <translation> (in force)</translation>
    </message>
    <message>
        <source>（未设定）</source>
        <translation>(not set)</translation>
    </message>
    <message>
        <source>一直</source>
        <translation>always</translation>
    </message>
    <message>
        <source>自 %1 起把“%2”由 %3 改为 %4？</source>
        <translation>From %1, change &quot;%2&quot; from %3 to %4?</translation>
    </message>
    <message>
        <source>修改设置</source>
        <translation>Change setting</translation>
    </message>
    <message>
        <source>%1 起已登记的值为 %2。替换为 %3？</source>
        <translation>The value on record from %1 is %2. Replace it with %3?</translation>
    </message>
    <message>
        <source>替换同日的值</source>
        <translation>Replace the value for that date</translation>
    </message>
    <message>
        <source>已保存。</source>
        <translation>Saved.</translation>
    </message>
    <message>
        <source>年份</source>
        <translation>Year</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>录入一天（按国务院办公厅节假日安排通知）</source>
        <translation>Enter a day (from the State Council General Office&apos;s holiday notice)</translation>
    </message>
    <message>
        <source>放假</source>
        <translation>Day off</translation>
    </message>
    <message>
        <source>调休上班</source>
        <translation>Make-up workday</translation>
    </message>
    <message>
        <source>名称，如 春节</source>
        <translation>Name, e.g. Spring Festival</translation>
    </message>
    <message>
        <source>录入</source>
        <translation>Add</translation>
    </message>
    <message>
        <source>删除所选</source>
        <translation>Remove selected</translation>
    </message>
    <message>
        <source>国务院安排（内置）</source>
        <translation>State Council calendar (built in)</translation>
    </message>
    <message>
        <source>本工会录入</source>
        <translation>Entered by this union</translation>
    </message>
    <message>
        <source>%1年节假日安排已录入：放假 %2 天，调休上班 %3 天</source>
        <translation>Holidays for %1 on record: %2 day(s) off, %3 make-up workday(s)</translation>
    </message>
</context>
<context>
    <name>SheetOptionsDialog</name>
    <message>
        <source>打印档案表</source>
        <translation>Print file sheet</translation>
    </message>
    <message>
        <source>档案：%1</source>
        <translation>File: %1</translation>
    </message>
    <message>
        <source>打印完整身份证号（纸质档案）</source>
        <translation>Print the full ID number (paper file)</translation>
    </message>
    <message>
        <source>只在装入纸质档案时打印完整号码；其他用途请保持隐去中间部分，保护个人信息。</source>
        <translation>Print the full number only for the paper file; for anything else keep the middle digits hidden to protect personal information.</translation>
    </message>
    <message>
        <source>不勾选时，身份证号隐去中间部分（银行账号总是隐去）。</source>
        <translation>Unticked, the ID number has its middle digits hidden (bank accounts are always hidden).</translation>
    </message>
    <message>
        <source>预览并打印…</source>
        <translation>Preview and print…</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>SignLetterDialog</name>
    <message>
        <source>责任书签字 — %1</source>
        <translation>Sign letter — %1</translation>
    </message>
    <message>
        <source>甲方（%1）</source>
        <translation>Upper party (%1)</translation>
    </message>
    <message>
        <source>乙方（%1）</source>
        <translation>Lower party (%1)</translation>
    </message>
    <message>
        <source>签字方</source>
        <translation>Side</translation>
    </message>
    <message>
        <source>签字人 *</source>
        <translation>Signatory *</translation>
    </message>
    <message>
        <source>签字日期 *</source>
        <translation>Date *</translation>
    </message>
</context>
<context>
    <name>StandardsDialog</name>
    <message>
        <source>低保标准与最低工资</source>
        <translation>Dibao standard and minimum wage</translation>
    </message>
    <message>
        <source>生效日期</source>
        <translation>In force from</translation>
    </message>
    <message>
        <source>低保标准（月/人）</source>
        <translation>Dibao / month</translation>
    </message>
    <message>
        <source>最低工资（月）</source>
        <translation>Min. wage / month</translation>
    </message>
    <message>
        <source>相对困难线倍数</source>
        <translation>Relative multiple</translation>
    </message>
    <message>
        <source>脱困线倍数</source>
        <translation>Exit multiple</translation>
    </message>
    <message>
        <source>意外致困线倍数</source>
        <translation>Accident multiple</translation>
    </message>
    <message>
        <source>致困支出比例</source>
        <translation>Cost share</translation>
    </message>
    <message>
        <source>设定新标准</source>
        <translation>New standard</translation>
    </message>
    <message>
        <source>低保标准（元/月/人）</source>
        <translation>Dibao standard (yuan per person per month)</translation>
    </message>
    <message>
        <source>最低工资标准（元/月）</source>
        <translation>Minimum wage (yuan per month)</translation>
    </message>
    <message>
        <source>相对困难线（低保标准的倍数）</source>
        <translation>Relative-hardship line (× dibao)</translation>
    </message>
    <message>
        <source>脱困线（低保标准的倍数）</source>
        <translation>Exit line (× dibao)</translation>
    </message>
    <message>
        <source>意外致困收入线（低保标准的倍数）</source>
        <translation>Accident income line (× dibao)</translation>
    </message>
    <message>
        <source>致困支出须超过家庭年收入的比例（0.5–0.8）</source>
        <translation>Share of annual household income the hardship costs must exceed (0.5–0.8)</translation>
    </message>
    <message>
        <source>保存后将按新标准重新评定全部档案，并列出类别和状态的变化。</source>
        <translation>After saving, every file is re-evaluated against the new standard and the changes are listed.</translation>
    </message>
    <message>
        <source>保存并重新评定</source>
        <translation>Save and re-evaluate</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>已设定的标准（最新在上）</source>
        <translation>Standards on record (newest first)</translation>
    </message>
</context>
<context>
    <name>TimeKeeper</name>
    <message>
        <source>到期事项已自动办理</source>
        <extracomment>the timer fires this long after midnight (so the new day has surely begun on this computer&apos;s clock)</extracomment>
        <translation>Time-driven steps done</translation>
    </message>
    <message>
        <source>已按日期补办到 %1，%2 份档案有变化：</source>
        <translation>Brought up to %1: %2 file(s) changed:</translation>
    </message>
    <message>
        <source>未能按日期补办到期事项：%1</source>
        <translation>Could not bring the files up to date: %1</translation>
    </message>
</context>
<context>
    <name>TriStateCombo</name>
    <message>
        <source>（未填）</source>
        <translation>(not stated)</translation>
    </message>
    <message>
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>否</source>
        <translation>No</translation>
    </message>
</context>
<context>
    <name>UnionDialog</name>
    <message>
        <source>本工会</source>
        <translation>This union</translation>
    </message>
    <message>
        <source>本工会信息</source>
        <translation>This union&apos;s details</translation>
    </message>
    <message>
        <source>上报的接收方（省总工会不填）</source>
        <translation>Receives your exports (blank for a province union)</translation>
    </message>
    <message>
        <source>工会代码</source>
        <translation>Union code</translation>
    </message>
    <message>
        <source>工会级别</source>
        <translation>Union level</translation>
    </message>
    <message>
        <source>工会名称 *</source>
        <translation>Union name *</translation>
    </message>
    <message>
        <source>上级工会代码</source>
        <translation>Parent union code</translation>
    </message>
    <message>
        <source>联系电话</source>
        <translation>Contact phone</translation>
    </message>
    <message>
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>工会代码和级别决定档案编号，不能修改；如需更换请使用新的数据库。</source>
        <translation>The union code and level make the file numbers and cannot change; use a new database to change them.</translation>
    </message>
    <message>
        <source>已知工会（导出时可选作接收方）</source>
        <translation>Known unions (receivers to choose from when exporting)</translation>
    </message>
    <message>
        <source>工会名称</source>
        <translation>Union name</translation>
    </message>
    <message>
        <source>级别</source>
        <translation>Level</translation>
    </message>
    <message>
        <source>代码</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>添加</source>
        <translation>Add</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>UnitCombo</name>
    <message>
        <source>（责任人所在单位）</source>
        <translation>(the person&apos;s own union)</translation>
    </message>
</context>
<context>
    <name>UsersDialog</name>
    <message>
        <source>账号管理</source>
        <translation>Accounts</translation>
    </message>
    <message>
        <source>用户名</source>
        <translation>User name</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>新增账号…</source>
        <translation>New account…</translation>
    </message>
    <message>
        <source>重设密码…</source>
        <translation>Reset password…</translation>
    </message>
    <message>
        <source>建立第一个账号后，程序启动时需要登录。请务必保留至少一个管理员账号。</source>
        <translation>Once the first account exists, the program asks for a sign-in at start. Keep at least one administrator account.</translation>
    </message>
</context>
<context>
    <name>VisitDialog</name>
    <message>
        <source>记录走访 — %1</source>
        <translation>Record visit — %1</translation>
    </message>
    <message>
        <source>走访日期 *</source>
        <translation>Visit date *</translation>
    </message>
    <message>
        <source>走访人 *</source>
        <translation>Visitor *</translation>
    </message>
    <message>
        <source>生活状况</source>
        <translation>Living situation</translation>
    </message>
    <message>
        <source>主要需求</source>
        <translation>Needs</translation>
    </message>
    <message>
        <source>宣讲的政策</source>
        <translation>Policies explained</translation>
    </message>
    <message>
        <source>思想状况</source>
        <translation>State of mind</translation>
    </message>
    <message>
        <source>态度与主要顾虑（填写后即为“思想状况清”）</source>
        <translation>Attitude and main concerns (this makes the state-of-mind clear)</translation>
    </message>
    <message>
        <source>脱困后的跟踪回访</source>
        <translation>Follow-up visit after exit</translation>
    </message>
    <message>
        <source>档案已脱困退档时，走访自动记为跟踪回访（脱困后至少回访6个月）。</source>
        <translation>After an exit out of hardship, visits are recorded as follow-ups automatically (at least 6 months).</translation>
    </message>
    <message>
        <source>走访会更新档案的“最近走访日期”；填写思想状况后，档案的思想状况清随之更新。</source>
        <translation>A visit updates the file&apos;s last visit date; a state of mind entered here becomes the file&apos;s state-of-mind clear.</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <source>绿卡帮扶档案</source>
        <translation>Green-card hardship files</translation>
    </message>
    <message>
        <source>无法打开数据库</source>
        <translation>Cannot open the database</translation>
    </message>
    <message>
        <source>无法打开或升级数据库，程序不能继续。

数据库：%1
原因：%2

请检查文件是否存在、是否被其他程序占用、磁盘是否已满。升级前的数据库副本保存在数据库所在文件夹的 backups 子文件夹中。</source>
        <translation>The database cannot be opened or upgraded, so the program cannot go on.

Database: %1
Reason: %2

Check that the file exists, is not in use by another program and that the disk is not full. The copy taken before an upgrade is in the backups folder next to the database.</translation>
    </message>
    <message>
        <source>数据库已在另一个窗口中打开</source>
        <translation>Database already open in another window</translation>
    </message>
    <message>
        <source>此数据库已在本机的另一个窗口中打开（进程 %1）：
%2

请切换到那个窗口；同一数据库同时只能在一个窗口中使用。</source>
        <translation>This database is already open in another window on this computer (process %1):
%2

Switch to that window; a database can be used in only one window at a time.</translation>
    </message>
    <message>
        <source>正在后台完成上次中断的工作（重新评定全部档案）……</source>
        <translation>Completing the work interrupted last time in the background (re-evaluating every file)…</translation>
    </message>
    <message>
        <source>数据库文件已损坏</source>
        <translation>The database file is damaged</translation>
    </message>
    <message>
        <source>%1

请先不要继续录入，并从备份中恢复数据库（设置 → 备份与恢复）。</source>
        <translation>%1

Please stop entering data and restore the database from a backup (Settings → Backup and restore).</translation>
    </message>
    <message>
        <source>未能完成每日备份</source>
        <translation>Daily backup failed</translation>
    </message>
    <message>
        <source>上次中断的工作</source>
        <translation>Work interrupted last time</translation>
    </message>
</context>
<context>
    <name>jobs</name>
    <message>
        <source>输入有误</source>
        <extracomment>what a service call raises that the user can act on (shown in their words); anything else is a bug</extracomment>
        <translation>Please correct the input</translation>
    </message>
    <message>
        <source>无法完成</source>
        <translation>Cannot do that</translation>
    </message>
    <message>
        <source>数据库不可用</source>
        <translation>Database unavailable</translation>
    </message>
    <message>
        <source>数据库暂时无法使用，数据没有写入。请检查磁盘空间、文件是否被其他程序占用，然后重试。</source>
        <translation>The database cannot be used right now; nothing was written. Check the disk space and whether another program holds the file, then try again.</translation>
    </message>
    <message>
        <source>程序错误</source>
        <translation>Program error</translation>
    </message>
    <message>
        <source>程序出现错误，本次操作没有完成，数据没有写入。请把下面的详细信息发给维护人员。</source>
        <translation>The program failed; the action was not completed and nothing was written. Please send the details below to your maintainer.</translation>
    </message>
    <message>
        <source>已写入错误报告：%1</source>
        <translation>Error report written: %1</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>请稍候</source>
        <translation>Please wait</translation>
    </message>
    <message>
        <source>正在取消，已做的改动将全部撤销……</source>
        <translation>Cancelling; everything done so far is undone…</translation>
    </message>
</context>
<context>
    <name>print_preview</name>
    <message>
        <source>已打印 %1 页，共 %2 页。</source>
        <extracomment>no page is rasterised finer than this (laser printers report 600–1,200 dpi; 300 is sharp on paper) the preview keeps every page image in memory: finest resolution, and the budget for all pages together</extracomment>
        <translation>%1 of %2 pages printed. </translation>
    </message>
    <message>
        <source>完整打印的有 %1 份，共 %2 份。</source>
        <translation>%1 of %2 items printed whole. </translation>
    </message>
    <message>
        <source>其余已取消。</source>
        <translation>The rest was cancelled.</translation>
    </message>
    <message>
        <source>正在打印……</source>
        <translation>Printing…</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>打印</source>
        <translation>Print</translation>
    </message>
    <message>
        <source>正在打印第 %1 页，共 %2 页……</source>
        <translation>Printing page %1 of %2…</translation>
    </message>
    <message>
        <source>另存为PDF…</source>
        <translation>Save as PDF…</translation>
    </message>
    <message>
        <source>把这份打印内容保存为 PDF 文件</source>
        <translation>Save this printout as a PDF file</translation>
    </message>
    <message>
        <source>打印已取消</source>
        <translation>Printing cancelled</translation>
    </message>
    <message>
        <source>另存为PDF</source>
        <translation>Save as PDF</translation>
    </message>
    <message>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <source>无法保存</source>
        <translation>Could not save</translation>
    </message>
    <message>
        <source>文件没有保存：%1</source>
        <translation>The file was not saved: %1</translation>
    </message>
    <message>
        <source>无法预览</source>
        <translation>Cannot preview</translation>
    </message>
</context>
<context>
    <name>window</name>
    <message>
        <source>设置已修改，正在重新评定全部档案……</source>
        <translation>Settings changed; re-evaluating every file…</translation>
    </message>
</context>
</TS>
